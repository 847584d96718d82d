package dev.parley.server.net.tls;

import dev.parley.server.config.ParleyConfig;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.security.cert.Certificate;

/** Placeholder until the TLS branch lands. */
public final class ServerTls {
    public static ServerTls create(ParleyConfig.TlsSection tls, Path dataDir, String serverName) {
        throw new UnsupportedOperationException("TLS not yet available");
    }

    public SslContext current() {
        throw new UnsupportedOperationException();
    }

    public String fingerprint() {
        throw new UnsupportedOperationException();
    }

    public void reload() {
    }

    public static String fingerprint(Certificate certificate) {
        throw new UnsupportedOperationException();
    }
}
