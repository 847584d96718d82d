package dev.parley.client.login;

import dev.parley.protocol.IrcMessage;

/** The conversation with the server as the login sees it: send a message, wait for the next one. */
public interface ServerLink {
    void send(IrcMessage message);

    /**
     * The next message from the server.
     *
     * @throws LinkClosedException when the connection is gone or the server stays silent too long
     */
    IrcMessage next() throws LinkClosedException, InterruptedException;
}
