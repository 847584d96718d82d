package dev.parley.server.account;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules for account names (login ids such as an 8-digit member number): which strings are
 * names, and when two names are the same account.
 *
 * <p>The alphabet is ASCII on purpose: with no letters outside ASCII there are no look-alike
 * names and casefolding is plain, locale-independent lowercasing.
 */
public final class AccountName {

    public static final int MAX_LENGTH = 32;

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_LENGTH + "}");

    private AccountName() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /**
     * Returns {@code name} if it is valid.
     *
     * @throws IllegalArgumentException saying what is wrong, fit to show an administrator
     */
    public static String requireValid(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("account name is empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("account name is longer than " + MAX_LENGTH + " characters");
        }
        if (!isValid(name)) {
            throw new IllegalArgumentException(
                    "account name may contain only letters A-Z and a-z, digits, '_', '.' and '-'");
        }
        return name;
    }

    /**
     * The key two names share exactly when they are the same account.
     *
     * @throws IllegalArgumentException if {@code name} is not valid
     */
    public static String casefold(String name) {
        return requireValid(name).toLowerCase(Locale.ROOT);
    }
}
