/**
 * The chat once logged in: who is who (real names), which rooms the user is in, what the server's
 * messages mean for the user, and what the user's lines and slash commands mean for the server.
 */
package dev.parley.client.chat;
