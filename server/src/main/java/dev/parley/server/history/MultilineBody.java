package dev.parley.server.history;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a draft/multiline message, kept as one history entry. Stored as one text: the
 * lines in order, each after the first preceded by {@code \n} when it starts a new line or by
 * {@code \r} when it is concatenated to the one before (draft/multiline-concat). Neither can
 * occur inside an IRC line, so the text splits back exactly.
 */
public record MultilineBody(List<Line> lines) {

    /** One line of the message, blank or not, and whether it continues the previous one. */
    public record Line(String text, boolean concat) {
    }

    public MultilineBody {
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a multiline message has lines");
        }
    }

    /** What the {@code multiline} column holds. */
    public String encoded() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            if (i > 0) {
                text.append(line.concat() ? '\r' : '\n');
            }
            text.append(line.text());
        }
        return text.toString();
    }

    public static MultilineBody decode(String encoded) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        boolean concat = false;
        for (int i = 0; i <= encoded.length(); i++) {
            char c = i < encoded.length() ? encoded.charAt(i) : '\n';
            if (c == '\n' || c == '\r') {
                lines.add(new Line(encoded.substring(start, i), concat));
                concat = c == '\r';
                start = i + 1;
            }
        }
        return new MultilineBody(lines);
    }

    /** The text as a reader sees it, for the search index: concatenated lines joined, others on lines of their own. */
    public String searchText() {
        return encoded().replace("\r", "");
    }
}
