package dev.parley.server.room;

import dev.parley.protocol.CaseMapping;

/**
 * Matches nick!user@host masks with * and ? wildcards, case-insensitively under the server's
 * case mapping. Iterative with backtracking to the last star, so a hostile mask cannot make it
 * take exponential time.
 */
public final class HostmaskMatcher {
    private final CaseMapping caseMapping;

    public HostmaskMatcher(CaseMapping caseMapping) {
        this.caseMapping = caseMapping;
    }

    /** Completes a partial mask: "nick" → "nick!*@*", "user@host" → "*!user@host". */
    public static String normalize(String mask) {
        int bang = mask.indexOf('!');
        int at = mask.indexOf('@');
        if (bang < 0 && at < 0) {
            return mask + "!*@*";
        }
        if (bang < 0) {
            return "*!" + mask;
        }
        if (at < 0) {
            return mask + "@*";
        }
        return mask;
    }

    public boolean matches(String mask, String text) {
        String p = caseMapping.fold(mask);
        String s = caseMapping.fold(text);
        int pi = 0;
        int si = 0;
        int star = -1;
        int mark = 0;
        while (si < s.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == s.charAt(si))) {
                pi++;
                si++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = si;
            } else if (star >= 0) {
                pi = star + 1;
                si = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }
}
