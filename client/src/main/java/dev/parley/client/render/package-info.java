/** Turns chat events into the lines the user reads, in the seed's words. */
package dev.parley.client.render;
