/**
 * The terminal client of {@code parley chat}: {@link dev.parley.client.ChatClient} ties the
 * connection ({@code net}), certificate pinning ({@code tofu}), login ({@code login}), the chat
 * itself ({@code chat}), its wording ({@code render}) and the user's console ({@code ui}) together.
 */
package dev.parley.client;
