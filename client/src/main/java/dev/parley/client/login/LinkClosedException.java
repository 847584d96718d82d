package dev.parley.client.login;

import java.io.IOException;

/** The connection ended (or the server went silent) in the middle of a conversation. */
public final class LinkClosedException extends IOException {
    public LinkClosedException(String reason) {
        super(reason);
    }
}
