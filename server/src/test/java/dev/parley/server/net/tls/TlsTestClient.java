package dev.parley.server.net.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A JDK TLS client that trusts exactly one pinned server certificate, as IRC clients pinning CertFP do. */
final class TlsTestClient implements AutoCloseable {
    private final SSLSocket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private TlsTestClient(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    static TlsTestClient connect(int port, Fingerprint pinned, Optional<CertifiedKey> clientCertificate,
                                 String... protocols) throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers(clientCertificate), new TrustManager[] {new Pinned(pinned)}, null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        try {
            // A bound on every read, so a broken server fails the test instead of hanging it.
            socket.setSoTimeout(10_000);
            if (protocols.length > 0) {
                socket.setEnabledProtocols(protocols);
            }
            socket.startHandshake();
            return new TlsTestClient(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static KeyManager[] keyManagers(Optional<CertifiedKey> clientCertificate)
            throws IOException, GeneralSecurityException {
        if (clientCertificate.isEmpty()) {
            return null;
        }
        char[] password = "test".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", clientCertificate.get().key(), password,
                clientCertificate.get().chain().toArray(X509Certificate[]::new));
        // SunX509 offers the certificate whatever its key usages say; the server does not care either.
        KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
        factory.init(store, password);
        return factory.getKeyManagers();
    }

    String readLine() throws IOException {
        return in.readLine();
    }

    void send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    String protocol() {
        return socket.getSession().getProtocol();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static final class Pinned implements X509TrustManager {
        private final Fingerprint pinned;

        Pinned(Fingerprint pinned) {
            this.pinned = pinned;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            Fingerprint presented = Fingerprint.of(chain[0]);
            if (!presented.equals(pinned)) {
                throw new CertificateException("server presented " + presented + ", pinned " + pinned);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
