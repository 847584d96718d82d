package dev.parley.server.net.tls.acme;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * When a certificate is renewed, and how long to wait after a failed attempt.
 *
 * <p>A certificate is renewed {@code renewBefore} ahead of its expiry (30 days: Let's Encrypt's
 * 90-day certificates at two thirds of their life, as certbot and Caddy do), or when a third of
 * its lifetime is left if that comes later, so a short-lived certificate (six days, or the
 * minutes of a test CA) is not renewed the moment it arrives.
 *
 * <p>A failed attempt is tried again after a back-off that doubles from five minutes to six
 * hours: soon enough for a passing outage, and far below Let's Encrypt's limit of five failed
 * validations an hour.
 */
final class RenewalSchedule {
    static final Duration FIRST_RETRY = Duration.ofMinutes(5);
    static final Duration LONGEST_RETRY = Duration.ofHours(6);
    /** The longest sleep between two looks at the certificate, so a clock that jumps is noticed. */
    static final Duration LONGEST_WAIT = Duration.ofHours(12);

    private final Duration renewBefore;

    RenewalSchedule(Duration renewBefore) {
        this.renewBefore = renewBefore;
    }

    /** When {@code certificate} is due for renewal. */
    Instant renewalTime(X509Certificate certificate) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        Duration lifetime = Duration.between(notBefore, notAfter);
        Duration ahead = renewBefore.compareTo(lifetime.dividedBy(3)) < 0 ? renewBefore : lifetime.dividedBy(3);
        return notAfter.minus(ahead);
    }

    /** How long to wait after the {@code failures}-th failed attempt in a row (1 for the first). */
    static Duration backOff(int failures) {
        Duration wait = FIRST_RETRY;
        for (int i = 1; i < failures && wait.compareTo(LONGEST_RETRY) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(LONGEST_RETRY) < 0 ? wait : LONGEST_RETRY;
    }

    /** Whether {@code certificate} names every one of {@code domains} (a domain added means a new order). */
    static boolean covers(X509Certificate certificate, Collection<String> domains) {
        Set<String> names = new HashSet<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> name : alternatives) {
                    if (Integer.valueOf(2).equals(name.get(0))) { // dNSName
                        names.add(name.get(1).toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        return domains.stream().allMatch(domain -> names.contains(domain.toLowerCase(Locale.ROOT)));
    }
}
