package dev.parley.client.tofu;

import java.util.Optional;

/**
 * What to make of the certificate a server showed.
 *
 * @param verdict     the decision
 * @param fingerprint the SHA-256 fingerprint of the server's certificate
 * @param pinned      the fingerprint expected for this server (pinned or given on the command
 *                    line), or null when none was
 */
public record TrustDecision(Verdict verdict, String fingerprint, String pinned) {

    /** The possible decisions; only the first two let the connection go on. */
    public enum Verdict {
        /** The certificate chains to a CA the system trusts and names the host. */
        CA_TRUSTED,
        /** The certificate is the one pinned for this server (or given with --fingerprint). */
        PINNED,
        /** No pin and no CA vouches for it: the user must decide (trust on first use). */
        UNKNOWN,
        /** A different certificate was pinned: a hard stop, as the server may be an impostor. */
        CHANGED,
        /** The certificate is not the one given with --fingerprint: a hard stop. */
        NOT_EXPECTED
    }

    /**
     * The trust rules in one place.
     *
     * @param caTrusted whether the system's CAs vouch for the certificate and the host name
     * @param pinned    the fingerprint pinned in known_servers
     * @param expected  the fingerprint the user gave on the command line, which outranks both
     */
    public static TrustDecision decide(String fingerprint, boolean caTrusted, Optional<String> pinned,
                                       Optional<String> expected) {
        if (expected.isPresent()) {
            // The user checked this fingerprint out of band: nothing else may stand in for it.
            return new TrustDecision(expected.get().equals(fingerprint) ? Verdict.PINNED : Verdict.NOT_EXPECTED,
                    fingerprint, expected.get());
        }
        if (caTrusted) {
            return new TrustDecision(Verdict.CA_TRUSTED, fingerprint, pinned.orElse(null));
        }
        if (pinned.isPresent()) {
            return new TrustDecision(pinned.get().equals(fingerprint) ? Verdict.PINNED : Verdict.CHANGED,
                    fingerprint, pinned.get());
        }
        return new TrustDecision(Verdict.UNKNOWN, fingerprint, null);
    }

    public boolean accepted() {
        return verdict == Verdict.CA_TRUSTED || verdict == Verdict.PINNED;
    }
}
