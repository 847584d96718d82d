package dev.parley.server.net.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SHA-256 digest of a certificate's DER encoding: what users pin for the server and
 * what SASL EXTERNAL matches for clients. {@link #toString()} gives the canonical form,
 * 32 upper-case hex pairs separated by colons ({@code AB:01:...}); {@link #parse(String)}
 * also takes the form without colons and either case.
 */
public final class Fingerprint {
    private static final HexFormat COLON_HEX = HexFormat.ofDelimiter(":").withUpperCase();
    private static final Pattern PLAIN = Pattern.compile("[0-9A-Fa-f]{64}");
    private static final Pattern COLONS = Pattern.compile("[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){31}");

    private final byte[] sha256;

    private Fingerprint(byte[] sha256) {
        this.sha256 = sha256;
    }

    /** The fingerprint of {@code certificate}. */
    public static Fingerprint of(X509Certificate certificate) {
        try {
            return ofEncoded(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            // A certificate we hold was decoded from DER or built by us, so it always encodes.
            throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    /** The fingerprint of a DER-encoded certificate. */
    public static Fingerprint ofEncoded(byte[] der) {
        try {
            return new Fingerprint(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Reads a fingerprint written as 64 hex digits, either plain or in colon-separated pairs,
     * in any case, with surrounding whitespace ignored.
     *
     * @throws IllegalArgumentException if {@code text} is not such a fingerprint
     */
    public static Fingerprint parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException(
                "not a SHA-256 fingerprint (64 hex digits, optionally in pairs separated by colons): "
                        + (text == null ? "null" : '"' + text.strip() + '"')));
    }

    /** Like {@link #parse(String)}, but empty instead of an exception. */
    public static Optional<Fingerprint> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        if (PLAIN.matcher(s).matches()) {
            return Optional.of(new Fingerprint(HexFormat.of().parseHex(s)));
        }
        if (COLONS.matcher(s).matches()) {
            return Optional.of(new Fingerprint(HexFormat.ofDelimiter(":").parseHex(s)));
        }
        return Optional.empty();
    }

    /**
     * The canonical form of a fingerprint given in any accepted form, for storing and comparing.
     *
     * @throws IllegalArgumentException if {@code text} is not a fingerprint
     */
    public static String normalize(String text) {
        return parse(text).toString();
    }

    /** Whether this is the fingerprint of {@code certificate}. */
    public boolean matches(X509Certificate certificate) {
        return equals(of(certificate));
    }

    /** The 32 digest bytes. */
    public byte[] bytes() {
        return sha256.clone();
    }

    /** 64 lower-case hex digits without colons, for places that cannot hold a colon. */
    public String toHex() {
        return HexFormat.of().formatHex(sha256);
    }

    /** The canonical form: {@code AB:01:...}, 32 upper-case pairs. */
    @Override
    public String toString() {
        return COLON_HEX.formatHex(sha256);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Fingerprint that && Arrays.equals(sha256, that.sha256);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sha256);
    }
}
