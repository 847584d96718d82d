package dev.parley.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a value sits in the TOML document, written the way error messages show it:
 * {@code listen[0].port}, {@code rooms.auto_join[2]}, {@code server."odd key"}.
 * Parts are either table keys ({@link String}) or array indexes ({@link Integer}).
 */
final class KeyPath {
    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    static final KeyPath ROOT = new KeyPath(List.of());

    private final List<Object> parts;

    private KeyPath(List<Object> parts) {
        this.parts = parts;
    }

    KeyPath key(String key) {
        return append(key);
    }

    KeyPath index(int index) {
        return append(index);
    }

    private KeyPath append(Object part) {
        List<Object> longer = new ArrayList<>(parts.size() + 1);
        longer.addAll(parts);
        longer.add(part);
        return new KeyPath(List.copyOf(longer));
    }

    boolean isRoot() {
        return parts.isEmpty();
    }

    KeyPath parent() {
        if (parts.isEmpty()) {
            return this;
        }
        return new KeyPath(parts.subList(0, parts.size() - 1));
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(quoteIfNeeded((String) part));
            }
        }
        return out.toString();
    }

    static String quoteIfNeeded(String key) {
        return BARE_KEY.matcher(key).matches() ? key : quoted(key);
    }

    /** {@code text} as a TOML basic string: in double quotes, quotes, backslashes and controls escaped. */
    static String quoted(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                quoted.append(String.format("\\u%04X", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyPath that && parts.equals(that.parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }
}
