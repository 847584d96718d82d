package dev.parley.server.store;

/**
 * Storage failed (disk, lock timeout, corrupt file). Unchecked because callers cannot recover from
 * it beyond reporting it; the message never contains passwords or hashes.
 */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
