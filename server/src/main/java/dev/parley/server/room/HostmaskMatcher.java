package dev.parley.server.room;

import dev.parley.protocol.CaseMapping;
import dev.parley.server.account.AccountName;

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

    /** The prefix of an extended ban (ISUPPORT EXTBAN): {@code $a:account} matches a logged-in account. */
    public static final String ACCOUNT_EXTBAN = "$a:";

    /**
     * Completes a partial mask: "nick" → "nick!*@*", "user@host" → "*!user@host". An account
     * extban stays as it is.
     */
    public static String normalize(String mask) {
        if (mask.startsWith(ACCOUNT_EXTBAN)) {
            return mask;
        }
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

    /** Whether {@code mask} matches a client with this prefix and account (null for a guest). */
    public boolean matches(String mask, String prefix, String account) {
        if (mask.startsWith(ACCOUNT_EXTBAN)) {
            return account != null && AccountName.casefold(account).equals(AccountName.casefold(mask.substring(3)));
        }
        return matches(mask, prefix);
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
