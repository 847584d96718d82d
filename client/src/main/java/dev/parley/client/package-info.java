/** The terminal client. */
package dev.parley.client;
