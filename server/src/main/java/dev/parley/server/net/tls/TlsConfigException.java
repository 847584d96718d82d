package dev.parley.server.net.tls;

/**
 * The server's certificate or key cannot be used. The message is one line and names the
 * file at fault, for example {@code /etc/parley/key.pem: private key does not match the
 * certificate in /etc/parley/cert.pem}.
 */
public final class TlsConfigException extends Exception {
    public TlsConfigException(String message) {
        super(message);
    }

    public TlsConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
