package dev.parley.server.session;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.delivery.Outbox;
import dev.parley.server.delivery.Recipient;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * A client's connection as the server accepted it: where it comes from, whether it is secure, its
 * TLS certificate, when it connected and when it last spoke, and closing it. What the client is on
 * IRC is its {@link Session}, the one kind of connection. The address and security are fixed at
 * accept; the certificate is set when the TLS handshake ends, on the connection's loop without the
 * state lock. It and the time of last activity are volatile.
 */
public abstract class ClientConnection extends Recipient {
    private final InetAddress address;
    private final boolean secure;
    private final long connectedAtMillis = System.currentTimeMillis();
    private volatile long lastActiveMillis = System.currentTimeMillis();
    private volatile String certificateFingerprint;

    ClientConnection(Channel channel, Outbox outbox, InetAddress address, boolean secure) {
        super(channel, outbox);
        this.address = address;
        this.secure = secure;
    }

    public final InetAddress address() {
        return address;
    }

    /** Whether the connection is TLS (or loopback, which never leaves the machine). */
    public final boolean secure() {
        return secure;
    }

    public final boolean loopback() {
        return address.isLoopbackAddress();
    }

    /** The SHA-256 fingerprint of the client's TLS certificate, once the handshake gave one. */
    public final Optional<String> certificateFingerprint() {
        return Optional.ofNullable(certificateFingerprint);
    }

    public final void certificateFingerprint(String fingerprint) {
        certificateFingerprint = fingerprint;
    }

    public final Instant connectedAt() {
        return Instant.ofEpochMilli(connectedAtMillis);
    }

    public final void touch() {
        lastActiveMillis = System.currentTimeMillis();
    }

    public final long idleSeconds() {
        return (System.currentTimeMillis() - lastActiveMillis) / 1000;
    }

    /** Sends {@code error} as the last line and closes the connection once it is written. */
    public final void close(IrcMessage error) {
        if (outbox() != null) {
            outbox().close(this, error);
        } else {
            channel().close();
        }
    }
}
