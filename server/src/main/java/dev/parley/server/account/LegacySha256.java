package dev.parley.server.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The seed system's password hash: unsalted SHA-256 of the UTF-8 password as 64 hex digits. Only
 * ever checked, to let imported members log in once; that login replaces it with Argon2id.
 */
public final class LegacySha256 {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    private LegacySha256() {
    }

    public static boolean isValidHex(String hex) {
        return hex != null && HEX64.matcher(hex).matches();
    }

    /** The stored form: lowercase. */
    public static String normalize(String hex) {
        if (!isValidHex(hex)) {
            throw new IllegalArgumentException("a legacy SHA-256 hash must be 64 hex digits");
        }
        return hex.toLowerCase(Locale.ROOT);
    }

    /** The legacy hash of {@code password}, as the seed computed it. */
    public static String hash(String password) {
        return HexFormat.of().formatHex(ScramCredentials.sha256(password.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code password} hashes to {@code storedHex}, compared in constant time. */
    public static boolean matches(String password, String storedHex) {
        if (password == null || !isValidHex(storedHex)) {
            return false;
        }
        byte[] expected = HexFormat.of().parseHex(storedHex);
        byte[] actual = ScramCredentials.sha256(password.getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(actual, expected);
    }
}
