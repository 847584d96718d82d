package dev.parley.server.net.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts whatever certificate a client presents, and never serves as a client's trust manager.
 *
 * <p>Client certificates are only used to identify a client by fingerprint (SASL EXTERNAL,
 * "CertFP"): the client's own self-signed certificate is the normal case and there is no CA to
 * check it against. Trust does not come from a chain here but from the fingerprint an account
 * has registered. What the TLS handshake still guarantees, independently of this class, is
 * that the client holds the private key of the certificate it sent (its CertificateVerify
 * signature is checked by the TLS stack), so the fingerprint cannot be borrowed.
 *
 * <p>It extends {@link X509ExtendedTrustManager} rather than implementing the plain interface
 * because the JDK wraps plain trust managers in extra checks (algorithm constraints, validity)
 * that would turn away old or odd client certificates the server only wants to hash.
 */
final class AnyClientCertificate extends X509ExtendedTrustManager {
    static final AnyClientCertificate INSTANCE = new AnyClientCertificate();

    private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

    private AnyClientCertificate() {
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        requireCertificate(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        requireCertificate(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        requireCertificate(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw notForServers();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw notForServers();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw notForServers();
    }

    /**
     * No issuers, so the server's certificate request names no CAs and clients may offer any
     * certificate they have.
     */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NO_ISSUERS;
    }

    private static void requireCertificate(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("empty client certificate chain");
        }
    }

    private static CertificateException notForServers() {
        return new CertificateException("this trust manager accepts client certificates only");
    }
}
