package dev.parley.client.tofu;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/** SHA-256 certificate fingerprints, written as 32 upper-case hex pairs joined by colons. */
public final class Fingerprints {
    private static final HexFormat COLON_HEX = HexFormat.ofDelimiter(":").withUpperCase();

    private Fingerprints() {
    }

    /** The SHA-256 fingerprint of the certificate's DER encoding, e.g. "AB:12:...". */
    public static String sha256(X509Certificate certificate) {
        try {
            return format(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("Certificate cannot be encoded", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public static String format(byte[] digest) {
        return COLON_HEX.formatHex(digest);
    }

    /**
     * Reads a fingerprint as people paste them: with or without colons, spaces or a "SHA256:"
     * prefix, in either case.
     *
     * @throws IllegalArgumentException unless it holds exactly 64 hex digits
     */
    public static String normalize(String text) {
        String s = text.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        for (String prefix : new String[] {"sha256:", "sha-256:", "sha256=", "sha-256="}) {
            if (lower.startsWith(prefix)) {
                s = s.substring(prefix.length());
                break;
            }
        }
        StringBuilder hex = new StringBuilder(64);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ':' || c == ' ' || c == '-') {
                continue;
            }
            if (Character.digit(c, 16) < 0) {
                throw new IllegalArgumentException("Not a SHA-256 fingerprint: " + text);
            }
            hex.append(c);
        }
        if (hex.length() != 64) {
            throw new IllegalArgumentException("A SHA-256 fingerprint has 64 hex digits: " + text);
        }
        return format(HexFormat.of().parseHex(hex));
    }
}
