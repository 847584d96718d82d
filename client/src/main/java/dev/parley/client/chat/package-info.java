/**
 * The chat once logged in: who is who (real names), which rooms the user is in, what the server's
 * messages mean for the user, and what the user's lines and slash commands mean for the server.
 *
 * <p>{@link dev.parley.client.chat.ChatSession} is the entry point and says what each server
 * message means; the rest is package-private and split by concern: {@code ChatState} (the user,
 * the server's rules, capabilities), {@code Screen} (the greeting first), {@code Rooms} and
 * {@code RoomEvents} (rooms, and holding a room's first lines until names are known),
 * {@code Who} (real names from WHO and WHOWAS), {@code TextMessage} (a PRIVMSG or NOTICE as
 * shown), {@code History} and {@code EarlierLines} (CHATHISTORY batches and how they read),
 * {@code AwayMessages}, {@code LastSeen} and {@link dev.parley.client.chat.LastSeenFile} (private
 * messages from while the user was away, read markers), {@code Commands} (typed lines).
 */
package dev.parley.client.chat;
