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
     * {@code $m:mask} in the ban list mutes instead of banning: whoever it matches may stay and
     * read but not speak, unless voiced, an operator or excepted by {@code +e}.
     */
    public static final String MUTE_EXTBAN = "$m:";

    /**
     * Completes a partial mask: "nick" → "nick!*@*", "user@host" → "*!user@host". An account
     * extban stays as it is.
     */
    public static String normalize(String mask) {
        if (mask.startsWith(ACCOUNT_EXTBAN)) {
            return mask;
        }
        if (mask.startsWith(MUTE_EXTBAN)) {
            return MUTE_EXTBAN + normalize(mask.substring(MUTE_EXTBAN.length()));
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

    /**
     * Whether {@code mask}, as a ban or exception, matches {@code subject}. A mute never does:
     * it keeps nobody out (see {@link #mutes}).
     */
    public boolean matches(String mask, MaskSubject subject) {
        if (mask.startsWith(ACCOUNT_EXTBAN)) {
            return subject.account() != null && AccountName.isValid(mask.substring(ACCOUNT_EXTBAN.length()))
                    && AccountName.casefold(subject.account())
                    .equals(AccountName.casefold(mask.substring(ACCOUNT_EXTBAN.length())));
        }
        if (mask.startsWith(MUTE_EXTBAN)) {
            return false;
        }
        return matchesHostmask(mask, subject);
    }

    /** Whether {@code mask} is a mute ({@code $m:}) that matches {@code subject}. */
    public boolean mutes(String mask, MaskSubject subject) {
        return mask.startsWith(MUTE_EXTBAN) && matches(mask.substring(MUTE_EXTBAN.length()), subject);
    }

    /**
     * A nick!user@host mask against the prefix shown and the one with the real address; a host
     * written as a network ({@code *!*@192.0.2.0/24}) against the address itself.
     */
    private boolean matchesHostmask(String mask, MaskSubject subject) {
        int at = mask.lastIndexOf('@');
        if (at >= 0) {
            var network = CidrMask.parse(mask.substring(at + 1));
            if (network.isPresent()) {
                String nickUser = subject.prefix().substring(0, subject.prefix().lastIndexOf('@') + 1);
                return network.get().contains(subject.address()) && matches(mask.substring(0, at + 1), nickUser);
            }
        }
        return matches(mask, subject.prefix()) || matches(mask, subject.realPrefix());
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
