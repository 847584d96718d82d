package dev.parley.client.login;

import java.text.Normalizer;

/**
 * The mapping and normalization steps of SASLprep (RFC 4013), applied to user names and passwords
 * before they enter SCRAM or PLAIN, so that the same password typed on two keyboards hashes the
 * same. The prohibited-character and bidi checks are left to the server, which refuses such input.
 */
public final class SaslPrep {
    private SaslPrep() {
    }

    public static String prepare(String text) {
        StringBuilder mapped = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (mappedToNothing(cp)) {
                return;
            }
            mapped.appendCodePoint(nonAsciiSpace(cp) ? ' ' : cp);
        });
        return Normalizer.normalize(mapped, Normalizer.Form.NFKC);
    }

    /** RFC 3454 table B.1. */
    private static boolean mappedToNothing(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x1806 || (cp >= 0x180B && cp <= 0x180D)
                || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || (cp >= 0xFE00 && cp <= 0xFE0F)
                || cp == 0xFEFF;
    }

    /** RFC 3454 table C.1.2 (less U+200B, which B.1 already removed). */
    private static boolean nonAsciiSpace(int cp) {
        return cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F
                || cp == 0x205F || cp == 0x3000;
    }
}
