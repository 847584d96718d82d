package dev.parley.server.net.tls.acme;

import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.exception.AcmeException;

/** How the CA's check that the server holds a domain is answered: HTTP-01 or TLS-ALPN-01. */
interface ChallengeAnswer extends AutoCloseable {
    /** The ACME challenge type answered, as the CA names it. */
    String type();

    /** Starts answering {@code challenge} (of {@link #type()}) for {@code domain}. */
    void publish(Challenge challenge, String domain) throws AcmeException;

    /** Stops answering it, once the CA has decided. */
    void withdraw(Challenge challenge, String domain);

    /** Where the CA is answered, for the log. */
    String where();

    @Override
    void close();
}
