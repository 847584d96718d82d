package dev.parley.server.account.sasl;

import java.util.concurrent.CompletableFuture;

/**
 * The server side of one SASL exchange with one client, independent of the protocol carrying it.
 * Create one per attempt with {@link SaslMechanisms#start}.
 *
 * <p>All mechanisms here let the client speak first. The transport sends an empty challenge if its
 * protocol needs one (IRC: {@code AUTHENTICATE +}), decodes the client's reply (IRC: Base64, 400-byte
 * chunks, {@code +} for empty) and passes the bytes to {@link #step}, then acts on the answer. Steps
 * complete asynchronously because they check logins on the {@code Authenticator}'s pool; call
 * {@code step} again only after the previous one completed with a {@link SaslStep.Challenge}.
 */
public interface SaslMechanism {

    /** The IANA mechanism name, e.g. {@code PLAIN}. */
    String name();

    /** Handles the client's next message; never completes exceptionally. */
    CompletableFuture<SaslStep> step(byte[] clientResponse);
}
