package dev.parley.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The RPL_ISUPPORT (005) tokens a server announces, split over as many lines as needed. */
public final class Isupport {
    /** modern IRC: at most 13 tokens per 005 line keeps each line well under 512 bytes. */
    private static final int TOKENS_PER_LINE = 13;

    private final Map<String, String> tokens = new LinkedHashMap<>();

    /** Adds a token with a value ("NICKLEN=30"), or a bare token when value is null. */
    public Isupport put(String name, String value) {
        tokens.put(name, value);
        return this;
    }

    public String get(String name) {
        return tokens.get(name);
    }

    public boolean has(String name) {
        return tokens.containsKey(name);
    }

    /** The tokens as 005 lines: each a list of "NAME=value" / "NAME" strings. */
    public List<List<String>> lines() {
        List<List<String>> lines = new ArrayList<>();
        List<String> line = new ArrayList<>();
        for (Map.Entry<String, String> token : tokens.entrySet()) {
            line.add(token.getValue() == null ? token.getKey() : token.getKey() + "=" + token.getValue());
            if (line.size() == TOKENS_PER_LINE) {
                lines.add(line);
                line = new ArrayList<>();
            }
        }
        if (!line.isEmpty()) {
            lines.add(line);
        }
        return lines;
    }
}
