package dev.parley.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/** IRCv3 message-tags: key syntax and value escaping. */
public final class MessageTags {
    private MessageTags() {
    }

    /** Whether {@code key} is {@code [+][vendor/]name} with the characters the spec allows. */
    public static boolean isValidKey(String key) {
        int start = key.startsWith("+") ? 1 : 0;
        if (key.length() == start) {
            return false;
        }
        int slash = key.lastIndexOf('/');
        String name = slash < 0 ? key.substring(start) : key.substring(slash + 1);
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-') {
                return false;
            }
        }
        if (slash >= 0) {
            String vendor = key.substring(start, slash);
            if (vendor.isEmpty()) {
                return false;
            }
            for (int i = 0; i < vendor.length(); i++) {
                char c = vendor.charAt(i);
                if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '.') {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether the tag is a client-only tag (starts with '+'). */
    public static boolean isClientOnly(String key) {
        return key.startsWith("+");
    }

    /** The client-only tags of {@code tags}, in their order: a new map, or an empty one when there are none. */
    public static Map<String, String> clientOnly(Map<String, String> tags) {
        Map<String, String> kept = null;
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (isClientOnly(tag.getKey())) {
                if (kept == null) {
                    kept = new LinkedHashMap<>();
                }
                kept.put(tag.getKey(), tag.getValue());
            }
        }
        return kept == null ? Map.of() : kept;
    }

    public static String escape(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = switch (c) {
                case ';' -> "\\:";
                case ' ' -> "\\s";
                case '\\' -> "\\\\";
                case '\r' -> "\\r";
                case '\n' -> "\\n";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? value : out.toString();
    }

    public static String unescape(String value) {
        if (value.indexOf('\\') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i + 1 == value.length()) {
                break; // a lone trailing backslash is dropped
            }
            char next = value.charAt(++i);
            switch (next) {
                case ':' -> out.append(';');
                case 's' -> out.append(' ');
                case 'r' -> out.append('\r');
                case 'n' -> out.append('\n');
                default -> out.append(next);
            }
        }
        return out.toString();
    }
}
