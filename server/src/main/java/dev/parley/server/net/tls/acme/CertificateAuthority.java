package dev.parley.server.net.tls.acme;

import dev.parley.server.config.ParleyConfig.AcmeSection;
import dev.parley.server.net.tls.CertificateGenerator;
import dev.parley.server.net.tls.CertifiedKey;
import java.security.KeyPair;
import java.time.Duration;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * One conversation with the ACME CA (RFC 8555, through acme4j) that ends with a certificate:
 * find or make the account for the account key, order the domains, prove each (HTTP-01 or TLS-ALPN-01),
 * send a CSR for a fresh key, and download the chain. Blocking; runs on the ACME thread.
 */
final class CertificateAuthority {
    /** How long the CA may take over one step (a validation, the issuance) before the attempt fails. */
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);

    private final AcmeSection settings;
    private final DirectoryTrust trust;
    private final ChallengeAnswer answer;

    /** @param trust the provider for {@code tls.acme.trust_file}, or null for the JVM's trust store */
    CertificateAuthority(AcmeSection settings, DirectoryTrust trust, ChallengeAnswer answer) {
        this.settings = settings;
        this.trust = trust;
        this.answer = answer;
    }

    /** A new certificate for every configured domain, with its new key. */
    CertifiedKey obtain(KeyPair accountKey) throws AcmeException, InterruptedException {
        Session session = trust == null
                ? new Session(settings.directory()) : new Session(settings.directory(), trust);
        AccountBuilder account = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey);
        settings.email().ifPresent(account::addEmail);
        // The CA answers with the existing account when it knows the key: this is also the log-in.
        Login login = account.createLogin(session);

        Order order = login.newOrder().domains(settings.domains()).create();
        for (Authorization authorization : order.getAuthorizations()) {
            prove(authorization);
        }
        order.waitUntilReady(STEP_TIMEOUT);
        // A new key each time: a key that leaked with an old certificate is not carried on.
        KeyPair certificateKey = CertificateGenerator.newKeyPair();
        order.execute(certificateKey);
        if (order.waitForCompletion(STEP_TIMEOUT) != Status.VALID) {
            throw new AcmeException("the order was not fulfilled: " + reason(order.getError().orElse(null)));
        }
        return new CertifiedKey(certificateKey.getPrivate(), order.getCertificate().getCertificateChain());
    }

    private void prove(Authorization authorization) throws AcmeException, InterruptedException {
        if (authorization.getStatus() == Status.VALID) {
            return; // proved recently; the CA remembers
        }
        String domain = authorization.getIdentifier().getDomain();
        Challenge challenge = authorization.findChallenge(answer.type())
                .orElseThrow(() -> new AcmeException("the CA offers no " + answer.type() + " challenge for " + domain));
        answer.publish(challenge, domain);
        try {
            challenge.trigger();
            if (challenge.waitForCompletion(STEP_TIMEOUT) != Status.VALID) {
                throw new AcmeException("the CA could not validate " + domain + " over "
                        + answer.type().toUpperCase(java.util.Locale.ROOT) + ": " + reason(challenge.getError().orElse(null)));
            }
        } finally {
            answer.withdraw(challenge, domain);
        }
    }

    private static String reason(Problem problem) {
        if (problem == null) {
            return "no reason given";
        }
        return problem.getDetail().orElse(problem.getType().toString());
    }
}
