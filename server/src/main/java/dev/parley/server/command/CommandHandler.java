package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.session.Session;

/** Handles one command from one client. Runs holding the state lock. */
@FunctionalInterface
public interface CommandHandler {
    void handle(Session session, IrcMessage message);
}
