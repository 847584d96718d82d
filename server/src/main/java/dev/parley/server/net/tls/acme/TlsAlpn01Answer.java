package dev.parley.server.net.tls.acme;

import dev.parley.server.net.tls.CertifiedKey;
import dev.parley.server.net.tls.TlsAlpnChallenges;
import dev.parley.server.net.tls.TlsConfigException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * Answers TLS-ALPN-01 on the server's own TLS listeners: a self-signed certificate carrying the
 * CA's validation value, given to the CA's {@code acme-tls/1} connection (RFC 8737). The CA
 * connects to port 443, so a TLS listener must be there (or port 443 forwarded to one).
 */
final class TlsAlpn01Answer implements ChallengeAnswer {
    private final TlsAlpnChallenges challenges;

    TlsAlpn01Answer(TlsAlpnChallenges challenges) {
        this.challenges = challenges;
    }

    @Override
    public String type() {
        return TlsAlpn01Challenge.TYPE;
    }

    @Override
    public void publish(Challenge challenge, String domain) throws AcmeException {
        try {
            // acme4j signs the validation certificate with SHA256withRSA, so its key is RSA.
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            challenges.put(domain, new CertifiedKey(pair.getPrivate(), List.of(
                    ((TlsAlpn01Challenge) challenge).createCertificate(pair, Identifier.dns(domain)))));
        } catch (GeneralSecurityException | TlsConfigException e) {
            throw new AcmeException("cannot make the TLS-ALPN-01 certificate for " + domain + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void withdraw(Challenge challenge, String domain) {
        challenges.remove(domain);
    }

    @Override
    public String where() {
        return "the TLS listeners";
    }

    @Override
    public void close() {
        // Nothing of its own: the listeners belong to the server.
    }
}
