package dev.parley.server.delivery;

import dev.parley.protocol.IrcMessage;

/**
 * What a fan-out sends to a recipient with a given view (the bits of its capabilities that change
 * what it is sent, see {@code TagPolicy}): the message as that view shows it, or null when such a
 * recipient gets nothing. Called once per distinct view per event loop, never per recipient.
 */
@FunctionalInterface
public interface Rendering {
    IrcMessage forView(int view);
}
