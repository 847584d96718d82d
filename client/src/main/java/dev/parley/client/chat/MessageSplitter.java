package dev.parley.client.chat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Cuts text that does not fit in one IRC line into pieces that do, at spaces where it can. */
public final class MessageSplitter {
    private MessageSplitter() {
    }

    /** Pieces of at most {@code maxBytes} UTF-8 bytes each, never splitting a character. */
    public static List<String> split(String text, int maxBytes) {
        List<String> pieces = new ArrayList<>();
        String rest = text;
        while (utf8Length(rest) > maxBytes) {
            int cut = fittingChars(rest, maxBytes);
            int space = rest.lastIndexOf(' ', cut);
            // Cut at a space unless that would leave a piece much shorter than it could be.
            if (space > cut / 2) {
                cut = space;
            }
            pieces.add(rest.substring(0, cut));
            rest = rest.substring(cut).stripLeading();
        }
        if (!rest.isEmpty()) {
            pieces.add(rest);
        }
        return pieces;
    }

    /** How many chars from the start fit in {@code maxBytes} without halving a surrogate pair. */
    private static int fittingChars(String text, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return Math.max(i, Character.charCount(text.codePointAt(0)));
    }

    static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
