package dev.parley.server.logging;

/**
 * Text a client chose (an account name given at login, an OPER name), made fit for a log line.
 * Such text can hold anything UTF-8 can: a line break would forge a log line of its own, and a
 * terminal escape would act on whoever reads the log. Nicks and room names need none of this;
 * they are checked before they are ever used.
 */
public final class ClientText {
    /** Longer text is cut, marked with "...": a log line is not a place for kilobytes. */
    static final int MAX_CHARS = 64;

    private ClientText() {
    }

    /**
     * {@code text} with every control character (C0, DEL, C1, and the Unicode line and paragraph
     * separators) written as {@code \\uXXXX}, a backslash as two, and cut after {@value #MAX_CHARS}
     * characters; {@code "(none)"} for null.
     */
    public static String forLog(String text) {
        if (text == null) {
            return "(none)";
        }
        int end = Math.min(text.length(), MAX_CHARS);
        StringBuilder out = new StringBuilder(end + 8);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > MAX_CHARS) {
            out.append("...");
        }
        return out.toString();
    }
}
