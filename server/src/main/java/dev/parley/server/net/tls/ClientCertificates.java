package dev.parley.server.net.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The certificate a client presented during the TLS handshake, if any. Ask only after the
 * handshake has finished ({@link SslHandler#handshakeFuture()}); before that there is none.
 */
public final class ClientCertificates {
    private ClientCertificates() {
    }

    /** The client's own certificate in {@code session}; empty when it sent none. */
    public static Optional<X509Certificate> certificate(SSLSession session) {
        if (session == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate certificate) {
                return Optional.of(certificate);
            }
            return Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            // The usual case: the client sent no certificate.
            return Optional.empty();
        }
    }

    /** The fingerprint of the client's certificate in {@code session}; empty when it sent none. */
    public static Optional<Fingerprint> fingerprint(SSLSession session) {
        return certificate(session).map(Fingerprint::of);
    }

    /**
     * The fingerprint of the client certificate on {@code channel}; empty when the channel has
     * no {@link SslHandler} (a plain-text listener) or the client sent no certificate.
     */
    public static Optional<Fingerprint> fingerprint(Channel channel) {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return Optional.empty();
        }
        return fingerprint(ssl.engine().getSession());
    }
}
