package dev.parley.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
        return inLines(tokens());
    }

    /** Every token, "NAME=value" or "NAME". */
    public List<String> tokens() {
        List<String> all = new ArrayList<>(tokens.size());
        tokens.forEach((name, value) -> all.add(token(name, value)));
        return all;
    }

    /**
     * What a client that saw {@code before} must be sent to know this set: each token added or
     * whose value changed, and {@code -NAME} for each one gone (modern IRC's negation).
     */
    public List<String> changesSince(Isupport before) {
        List<String> changes = new ArrayList<>();
        tokens.forEach((name, value) -> {
            if (!before.tokens.containsKey(name) || !Objects.equals(before.tokens.get(name), value)) {
                changes.add(token(name, value));
            }
        });
        for (String name : before.tokens.keySet()) {
            if (!tokens.containsKey(name)) {
                changes.add("-" + name);
            }
        }
        return changes;
    }

    /** {@code tokens} split into 005 lines. */
    public static List<List<String>> inLines(List<String> tokens) {
        List<List<String>> lines = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i += TOKENS_PER_LINE) {
            lines.add(List.copyOf(tokens.subList(i, Math.min(tokens.size(), i + TOKENS_PER_LINE))));
        }
        return lines;
    }

    private static String token(String name, String value) {
        return value == null ? name : name + "=" + value;
    }
}
