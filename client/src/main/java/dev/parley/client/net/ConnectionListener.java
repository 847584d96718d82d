package dev.parley.client.net;

import dev.parley.protocol.IrcMessage;

/**
 * Receives what happens on one {@link IrcConnection}. Called on the connection's event loop, so
 * implementations hand the event over to their own thread instead of doing work here.
 */
public interface ConnectionListener {
    /** A message arrived from the server (PING is answered by the connection and not passed on). */
    void received(IrcConnection connection, IrcMessage message);

    /**
     * The connection is gone. Called exactly once per connection that was opened.
     *
     * @param reason why, in words fit for the user (never null)
     */
    void closed(IrcConnection connection, String reason);
}
