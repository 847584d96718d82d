package dev.parley.client.net;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedTrustManager;

/** Builds the client's TLS context around a trust manager that decides which servers to trust. */
public final class ClientTls {
    private ClientTls() {
    }

    public static SslContext context(X509ExtendedTrustManager trustManager) throws SSLException {
        // The JDK provider, because it hands the SSLEngine (and so the host name) to an
        // X509ExtendedTrustManager; TLS 1.2 stays allowed for servers behind older proxies.
        return SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2")
                .trustManager(trustManager)
                .build();
    }
}
