package dev.parley.server.command;

import dev.parley.server.session.Session;

/** Whether a nick is kept for an account that {@code session} is not logged in to. */
@FunctionalInterface
public interface NickReservation {
    NickReservation NONE = (session, nick) -> false;

    boolean reservedAgainst(Session session, String nick);
}
