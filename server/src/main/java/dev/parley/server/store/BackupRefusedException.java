package dev.parley.server.store;

/**
 * A backup or restore was refused before anything was changed: the message is one line for the
 * administrator, saying why and what to do.
 */
public final class BackupRefusedException extends Exception {
    public BackupRefusedException(String message) {
        super(message);
    }
}
