package dev.parley.server.account;

import java.util.Objects;

/**
 * One member from a seed member file, ready to import as an account.
 *
 * @param memberNumber the 8-digit member number, which becomes the account name
 * @param realName     the member's real name, which becomes the display name
 * @param sha256Hex    the unsalted SHA-256 of the password, 64 lowercase hex digits
 * @param line         where the record starts in its file, for messages
 */
public record SeedMember(String memberNumber, String realName, String sha256Hex, int line) {

    public SeedMember {
        AccountName.requireValid(memberNumber);
        Objects.requireNonNull(realName, "realName");
        sha256Hex = LegacySha256.normalize(sha256Hex);
    }

    @Override
    public String toString() {
        return "SeedMember[" + memberNumber + ", " + realName + ", line " + line + "]";
    }
}
