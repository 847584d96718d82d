package dev.parley.server.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The line on which each key, table header and array element of a TOML document starts.
 *
 * <p>Jackson's TOML module parses the whole document into a tree up front and hands out a
 * tree-walking parser, so its token locations are all "unknown". Error messages need lines,
 * so this scanner walks the same text once more, only to note where things are. It runs
 * after Jackson has accepted the document and is therefore lenient: anything it does not
 * understand is skipped, and a path it never saw falls back to its closest known parent.
 */
final class TomlKeyLines {
    private final Map<KeyPath, Integer> lines = new HashMap<>();
    /** How many {@code [[x]]} headers each array of tables has had so far. */
    private final Map<KeyPath, Integer> arrayTableCounts = new HashMap<>();
    private final String text;
    private Duplicate firstDuplicate;
    private int pos;
    private int line = 1;

    private TomlKeyLines(String text) {
        this.text = text;
    }

    static TomlKeyLines scan(String text) {
        TomlKeyLines scanner = new TomlKeyLines(text);
        try {
            scanner.document();
        } catch (RuntimeException unexpected) {
            // Only line numbers are lost; what was found so far is still right.
        }
        return scanner;
    }

    /** The line of {@code path}, or of its closest ancestor that appears in the text; 0 if none does. */
    int lineOf(KeyPath path) {
        for (KeyPath p = path; ; p = p.parent()) {
            Integer found = lines.get(p);
            if (found != null) {
                return found;
            }
            if (p.isRoot()) {
                return 0;
            }
        }
    }

    /**
     * The first key given a value when it already had one (or already was a table), which
     * Jackson rejects without naming it and with the position after the value.
     */
    Optional<Duplicate> firstDuplicate() {
        return Optional.ofNullable(firstDuplicate);
    }

    /** A key set twice: where, and where first. */
    record Duplicate(KeyPath path, int line, int firstLine) {
    }

    private void document() {
        KeyPath table = KeyPath.ROOT;
        while (true) {
            skipBlankLinesAndComments();
            if (eof()) {
                return;
            }
            int start = pos;
            if (peek() == '[') {
                table = header();
            } else {
                keyValue(table);
            }
            skipRestOfLine();
            if (pos == start) {
                pos++;
            }
        }
    }

    private KeyPath header() {
        int headerLine = line;
        boolean arrayOfTables = peekAt(1) == '[';
        pos += arrayOfTables ? 2 : 1;
        List<String> keys = key();
        KeyPath path = KeyPath.ROOT;
        for (int i = 0; i < keys.size(); i++) {
            path = path.key(keys.get(i));
            boolean last = i == keys.size() - 1;
            if (last && arrayOfTables) {
                note(path, headerLine);
                int count = arrayTableCounts.merge(path, 1, Integer::sum);
                path = path.index(count - 1);
            } else {
                Integer count = arrayTableCounts.get(path);
                if (count != null) {
                    // [a.b] after [[a]] means b in the latest element of a.
                    path = path.index(count - 1);
                }
            }
            note(path, headerLine);
        }
        return path;
    }

    private void keyValue(KeyPath table) {
        int keyLine = line;
        List<String> keys = key();
        if (keys.isEmpty()) {
            return;
        }
        KeyPath path = table;
        for (int i = 0; i < keys.size(); i++) {
            path = path.key(keys.get(i));
            Integer earlier = lines.get(path);
            if (i == keys.size() - 1 && earlier != null && firstDuplicate == null) {
                firstDuplicate = new Duplicate(path, keyLine, earlier);
            }
            note(path, keyLine);
        }
        skipSpaces();
        if (peek() != '=') {
            return;
        }
        pos++;
        skipSpaces();
        value(path);
    }

    /** A dotted key: bare, "basic" or 'literal' parts separated by dots. */
    private List<String> key() {
        List<String> keys = new ArrayList<>();
        while (!eof()) {
            skipSpaces();
            char c = peek();
            if (c == '"') {
                keys.add(basicString());
            } else if (c == '\'') {
                keys.add(literalString());
            } else {
                int start = pos;
                while (!eof() && isBareKeyChar(peek())) {
                    pos++;
                }
                if (pos == start) {
                    break;
                }
                keys.add(text.substring(start, pos));
            }
            skipSpaces();
            if (peek() != '.') {
                break;
            }
            pos++;
        }
        return keys;
    }

    private void value(KeyPath path) {
        if (eof()) {
            return;
        }
        char c = peek();
        if (c == '"') {
            if (text.startsWith("\"\"\"", pos)) {
                multiLineString("\"\"\"");
            } else {
                basicString();
            }
        } else if (c == '\'') {
            if (text.startsWith("'''", pos)) {
                multiLineString("'''");
            } else {
                literalString();
            }
        } else if (c == '[') {
            array(path);
        } else if (c == '{') {
            inlineTable(path);
        } else {
            scalar();
        }
    }

    private void array(KeyPath path) {
        pos++;
        int index = 0;
        while (!eof()) {
            skipBlankLinesAndComments();
            if (eof()) {
                return;
            }
            char c = peek();
            if (c == ']') {
                pos++;
                return;
            }
            if (c == ',') {
                pos++;
                continue;
            }
            int start = pos;
            KeyPath element = path.index(index++);
            note(element, line);
            value(element);
            if (pos == start) {
                pos++;
            }
        }
    }

    private void inlineTable(KeyPath path) {
        pos++;
        while (!eof()) {
            skipBlankLinesAndComments();
            if (eof()) {
                return;
            }
            char c = peek();
            if (c == '}') {
                pos++;
                return;
            }
            if (c == ',') {
                pos++;
                continue;
            }
            int start = pos;
            keyValue(path);
            if (pos == start) {
                pos++;
            }
        }
    }

    /** Numbers, booleans, dates; a date and time may be separated by one space. */
    private void scalar() {
        int start = pos;
        while (!eof() && !isScalarEnd(peek())) {
            pos++;
        }
        boolean isDate = pos - start == 10 && text.substring(start, pos).matches("\\d{4}-\\d{2}-\\d{2}");
        if (isDate && peek() == ' ' && Character.isDigit(peekAt(1))) {
            pos++;
            while (!eof() && !isScalarEnd(peek())) {
                pos++;
            }
        }
    }

    private static boolean isScalarEnd(char c) {
        return c == ' ' || c == '\t' || c == ',' || c == ']' || c == '}' || c == '#' || c == '\n' || c == '\r';
    }

    private String basicString() {
        pos++;
        StringBuilder out = new StringBuilder();
        while (!eof()) {
            char c = text.charAt(pos++);
            if (c == '"' || c == '\n') {
                break;
            }
            if (c == '\\' && !eof()) {
                char e = text.charAt(pos++);
                switch (e) {
                    case 'b' -> out.append('\b');
                    case 't' -> out.append('\t');
                    case 'n' -> out.append('\n');
                    case 'f' -> out.append('\f');
                    case 'r' -> out.append('\r');
                    case 'u' -> out.appendCodePoint(hex(4));
                    case 'U' -> out.appendCodePoint(hex(8));
                    default -> out.append(e);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private int hex(int digits) {
        int end = Math.min(pos + digits, text.length());
        int value = Integer.parseInt(text.substring(pos, end), 16);
        pos = end;
        return value;
    }

    private String literalString() {
        pos++;
        int start = pos;
        while (!eof() && peek() != '\'' && peek() != '\n') {
            pos++;
        }
        String s = text.substring(start, pos);
        if (!eof() && peek() == '\'') {
            pos++;
        }
        return s;
    }

    private void multiLineString(String delimiter) {
        pos += 3;
        while (!eof()) {
            if (delimiter.charAt(0) == '"' && peek() == '\\') {
                pos += 2;
                countNewlineBefore(pos);
                continue;
            }
            if (text.startsWith(delimiter, pos)) {
                pos += 3;
                // Up to two quotes may directly precede the closing delimiter.
                while (!eof() && peek() == delimiter.charAt(0)) {
                    pos++;
                }
                return;
            }
            if (peek() == '\n') {
                line++;
            }
            pos++;
        }
    }

    private void countNewlineBefore(int end) {
        if (end - 1 < text.length() && text.charAt(end - 1) == '\n') {
            line++;
        }
    }

    private void skipSpaces() {
        while (!eof() && (peek() == ' ' || peek() == '\t')) {
            pos++;
        }
    }

    private void skipBlankLinesAndComments() {
        while (!eof()) {
            char c = peek();
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '\n') {
                pos++;
                line++;
            } else if (c == '#') {
                while (!eof() && peek() != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private void skipRestOfLine() {
        while (!eof() && peek() != '\n') {
            pos++;
        }
    }

    private void note(KeyPath path, int atLine) {
        lines.putIfAbsent(path, atLine);
    }

    private static boolean isBareKeyChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private boolean eof() {
        return pos >= text.length();
    }

    private char peek() {
        return eof() ? '\0' : text.charAt(pos);
    }

    private char peekAt(int offset) {
        int at = pos + offset;
        return at < text.length() ? text.charAt(at) : '\0';
    }
}
