package dev.parley.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Typed access to one TOML document while it is checked: each reader returns null when its key is
 * absent or its value was wrong, and a wrong value becomes a {@link Problem} with its line, so one
 * pass reports every problem of the file at once.
 */
final class TomlValues {
    /** One thing wrong with the file: where, and what. */
    record Problem(int line, KeyPath path, String message) {
    }

    /** Checks one element of a list of strings, knowing its index (for the key path). */
    @FunctionalInterface
    interface IndexedCheck {
        void check(int index, String value);
    }

    private final TomlKeyLines lines;
    private final Path baseDir;
    private final List<Problem> problems = new ArrayList<>();

    /** @param baseDir what relative paths are resolved against: the folder holding the file */
    TomlValues(TomlKeyLines lines, Path baseDir) {
        this.lines = lines;
        this.baseDir = baseDir;
    }

    List<Problem> problems() {
        return problems;
    }

    int positive(ObjectNode node, KeyPath path, String key, int otherwise) {
        Integer value = integer(node, path, key, 1, Integer.MAX_VALUE);
        return value != null ? value : otherwise;
    }

    ObjectNode table(ObjectNode parent, KeyPath parentPath, String key) {
        JsonNode node = parent.get(key);
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            problem(parentPath.key(key), "must be a table ([" + key + "]), got " + describe(node));
            return null;
        }
        return (ObjectNode) node;
    }

    List<ObjectNode> arrayOfTables(ObjectNode root, KeyPath path) {
        JsonNode node = root.get(path.toString());
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            problem(path, "must be an array of tables ([[" + path + "]]), got " + describe(node));
            return null;
        }
        List<ObjectNode> tables = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            if (element.isObject()) {
                tables.add((ObjectNode) element);
            } else {
                problem(path.index(i), "must be a table, got " + describe(element));
                tables.add(JsonNodeFactory.instance.objectNode());
            }
        }
        return tables;
    }

    void onlyKnownKeys(ObjectNode node, KeyPath path, List<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                problem(path.key(name), "unknown key" + suggestion(name, known));
            }
        }
    }

    String string(ObjectNode node, KeyPath path, String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            problem(path.key(key), "must be a string, got " + describe(value));
            return null;
        }
        return value.textValue();
    }

    Boolean bool(ObjectNode node, KeyPath path, String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            problem(path.key(key), "must be true or false, got " + describe(value));
            return null;
        }
        return value.booleanValue();
    }

    Integer integer(ObjectNode node, KeyPath path, String key, int min, int max) {
        JsonNode value = node.get(key);
        if (value == null) {
            return null;
        }
        KeyPath at = path.key(key);
        if (!value.isIntegralNumber()) {
            problem(at, "must be an integer, got " + describe(value));
            return null;
        }
        BigInteger n = value.bigIntegerValue();
        if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
            String range;
            if (max == Integer.MAX_VALUE) {
                boolean tooSmall = n.compareTo(BigInteger.valueOf(min)) < 0;
                range = tooSmall ? "must be at least " + min : "must be at most " + max;
            } else {
                range = "must be between " + min + " and " + max;
            }
            problem(at, range + ", got " + n);
            return null;
        }
        return n.intValue();
    }

    /** A list of strings; {@code each} sees every element for value checks. */
    List<String> strings(ObjectNode node, KeyPath path, String key, IndexedCheck each) {
        JsonNode value = node.get(key);
        if (value == null) {
            return null;
        }
        KeyPath at = path.key(key);
        if (!value.isArray()) {
            problem(at, "must be an array of strings, got " + describe(value));
            return null;
        }
        List<String> result = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            if (!element.isTextual()) {
                problem(at.index(i), "must be a string, got " + describe(element));
                ok = false;
            } else {
                each.check(i, element.textValue());
                result.add(element.textValue());
            }
        }
        return ok ? result : null;
    }

    Path path(ObjectNode node, KeyPath path, String key) {
        String value = string(node, path, key);
        if (value == null) {
            return null;
        }
        if (value.isEmpty()) {
            problem(path.key(key), "must not be empty");
            return null;
        }
        try {
            return resolve(Path.of(value));
        } catch (InvalidPathException e) {
            problem(path.key(key), "not a usable path: " + e.getReason());
            return null;
        }
    }

    Path resolve(Path p) {
        return baseDir.resolve(p).normalize();
    }

    void problem(KeyPath path, String message) {
        problems.add(new Problem(lines.lineOf(path), path, message));
    }

    static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f);
    }

    static boolean hasSpaceOrControl(String s) {
        return s.chars().anyMatch(c -> c <= 0x20 || c == 0x7f || Character.isWhitespace(c));
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a float";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "a table";
            case POJO -> "a date/time";
            default -> node.getNodeType().toString().toLowerCase(Locale.ROOT);
        };
    }

    /** The value in double quotes, escaped and shortened so the message stays one readable line. */
    static String quote(String s) {
        return KeyPath.quoted(s.length() > 64 ? s.substring(0, 61) + "..." : s);
    }

    static String suggestion(String unknown, List<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : known) {
            int d = distance(unknown.toLowerCase(Locale.ROOT), candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
