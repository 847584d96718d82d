package dev.parley.server.session;

/** Where a connection stands on its way to being a registered client. */
public enum RegistrationState {
    /** Connected; NICK/USER/CAP/PASS/AUTHENTICATE may come. */
    CONNECTING,
    /** Welcomed (001 sent); every command is open. */
    REGISTERED,
    /** Being closed; nothing more is read or sent but the final ERROR. */
    CLOSING
}
