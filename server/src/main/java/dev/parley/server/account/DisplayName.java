package dev.parley.server.account;

/** The rules for an account's display name. */
final class DisplayName {
    static final int MAX_LENGTH = SeedMemberFile.MAX_NAME_LENGTH;

    private DisplayName() {
    }

    /**
     * The display name to store. A blank display name means the account name; control characters
     * would garble terminals.
     *
     * @throws IllegalArgumentException saying what is wrong, fit to show an administrator
     */
    static String check(String displayName, String name) {
        String display = displayName == null ? "" : displayName.strip();
        if (display.isEmpty()) {
            return name;
        }
        if (display.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("display name is longer than " + MAX_LENGTH + " characters");
        }
        if (display.codePoints().anyMatch(cp -> Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT)) {
            throw new IllegalArgumentException("display name contains control characters");
        }
        return display;
    }
}
