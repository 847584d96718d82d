package dev.parley.server.account.sasl;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What the transport knows about the connection a SASL exchange runs on.
 *
 * @param clientAddress     the client's address, for throttling and the audit trail
 * @param secureTransport   whether the connection is TLS
 * @param certFingerprint   SHA-256 of the client certificate (hex), if the client presented one
 */
public record SaslContext(InetAddress clientAddress, boolean secureTransport, Optional<String> certFingerprint) {
    public SaslContext {
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(certFingerprint, "certFingerprint");
    }
}
