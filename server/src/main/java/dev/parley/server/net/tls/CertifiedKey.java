package dev.parley.server.net.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key with its certificate chain, server certificate first.
 *
 * @param key   the private key of {@code chain.get(0)}
 * @param chain the server certificate followed by any intermediates; never empty
 */
public record CertifiedKey(PrivateKey key, List<X509Certificate> chain) {
    public CertifiedKey {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least one certificate");
        }
    }

    /** The server's own certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The fingerprint of the server's own certificate. */
    public Fingerprint fingerprint() {
        return Fingerprint.of(certificate());
    }

    @Override
    public String toString() {
        return "CertifiedKey[" + certificate().getSubjectX500Principal().getName() + ", " + fingerprint() + "]";
    }
}
