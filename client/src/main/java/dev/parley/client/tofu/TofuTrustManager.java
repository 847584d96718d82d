package dev.parley.client.tofu;

import java.net.Socket;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Decides whether to trust the server of one connection attempt: the system's CAs first (with
 * host name verification), then the pinned or expected fingerprint. It never asks the user itself,
 * because it runs inside the TLS handshake on the network thread; it refuses an unknown
 * certificate, remembers its {@link #decision()}, and the caller asks and connects again.
 */
public final class TofuTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager system;
    private final Optional<String> pinned;
    private final Optional<String> expected;
    private volatile TrustDecision decision;

    /**
     * @param system   the trust manager of the system's CAs, or null to trust no CA
     * @param pinned   the fingerprint pinned in known_servers for this host:port
     * @param expected the fingerprint given with --fingerprint
     */
    public TofuTrustManager(X509ExtendedTrustManager system, Optional<String> pinned, Optional<String> expected) {
        this.system = system;
        this.pinned = pinned;
        this.expected = expected;
    }

    /** The JVM's default trust manager: the CAs of the system (or of the JDK's cacerts). */
    public static X509ExtendedTrustManager systemTrustManager() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    return extended;
                }
            }
            throw new IllegalStateException("The JVM offers no X509 trust manager");
        } catch (NoSuchAlgorithmException | KeyStoreException e) {
            throw new IllegalStateException("Cannot load the system's trusted CAs", e);
        }
    }

    /** The decision of the last handshake, or null when no certificate was seen yet. */
    public TrustDecision decision() {
        return decision;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        boolean caTrusted = false;
        if (system != null) {
            try {
                system.checkServerTrusted(chain, authType, engine);
                caTrusted = true;
            } catch (CertificateException | IllegalArgumentException e) {
                caTrusted = false; // not vouched for by a CA; the pins decide
            }
        }
        decide(chain, caTrusted);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        boolean caTrusted = false;
        if (system != null) {
            try {
                system.checkServerTrusted(chain, authType, socket);
                caTrusted = true;
            } catch (CertificateException | IllegalArgumentException e) {
                caTrusted = false;
            }
        }
        decide(chain, caTrusted);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        // Without an engine or socket the host name cannot be checked, so no CA may vouch here.
        decide(chain, false);
    }

    private void decide(X509Certificate[] chain, boolean caTrusted) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("The server sent no certificate");
        }
        TrustDecision made = TrustDecision.decide(Fingerprints.sha256(chain[0]), caTrusted, pinned, expected);
        decision = made;
        if (!made.accepted()) {
            throw new CertificateException("Server certificate not trusted (" + made.verdict() + ")");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("This trust manager only checks servers");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("This trust manager only checks servers");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("This trust manager only checks servers");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
