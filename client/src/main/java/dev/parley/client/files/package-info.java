/** The user's private state files, written so that a crash never leaves half a file. */
package dev.parley.client.files;
