package dev.parley.server.net.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/** Trusts exactly one server certificate, named by its SHA-256 fingerprint (tests, benchmarks). */
public final class PinningTrustManager implements X509TrustManager {
    private final String pinned;

    public PinningTrustManager(String pinned) {
        this.pinned = Fingerprint.normalize(pinned);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        String actual = Fingerprint.of(chain[0]).toString();
        if (!Fingerprint.normalize(actual).equals(pinned)) {
            throw new CertificateException("Certificate " + actual + " is not the pinned one");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("not a server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
