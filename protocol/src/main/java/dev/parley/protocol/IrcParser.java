package dev.parley.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses one IRC line (without its CR LF) as the modern IRC client protocol and IRCv3 message-tags
 * define it. Lenient where real clients are sloppy (repeated spaces), strict where ambiguity would
 * be a security problem (NUL, CR or LF inside a line, a malformed command).
 */
public final class IrcParser {
    private IrcParser() {
    }

    public static IrcMessage parse(String line) throws IrcParseException {
        int length = line.length();
        for (int i = 0; i < length; i++) {
            char c = line.charAt(i);
            if (c == '\0' || c == '\r' || c == '\n') {
                throw new IrcParseException("Line contains a NUL, CR or LF character");
            }
        }
        int pos = 0;
        Map<String, String> tags = Map.of();
        if (pos < length && line.charAt(pos) == '@') {
            int end = line.indexOf(' ', pos);
            if (end < 0) {
                throw new IrcParseException("Message has tags but no command");
            }
            tags = parseTags(line.substring(pos + 1, end));
            pos = skipSpaces(line, end);
        }
        String source = null;
        if (pos < length && line.charAt(pos) == ':') {
            int end = line.indexOf(' ', pos);
            if (end < 0) {
                throw new IrcParseException("Message has a source but no command");
            }
            source = line.substring(pos + 1, end);
            if (source.isEmpty()) {
                throw new IrcParseException("Empty message source");
            }
            pos = skipSpaces(line, end);
        }
        int commandEnd = line.indexOf(' ', pos);
        if (commandEnd < 0) {
            commandEnd = length;
        }
        String command = line.substring(pos, commandEnd);
        if (command.isEmpty()) {
            throw new IrcParseException("Empty command");
        }
        if (!isValidCommand(command)) {
            throw new IrcParseException("Malformed command");
        }
        pos = skipSpaces(line, commandEnd);
        List<String> params = new ArrayList<>();
        while (pos < length) {
            if (line.charAt(pos) == ':') {
                params.add(line.substring(pos + 1));
                break;
            }
            int end = line.indexOf(' ', pos);
            if (end < 0) {
                end = length;
            }
            params.add(line.substring(pos, end));
            pos = skipSpaces(line, end);
        }
        return new IrcMessage(tags, source, command.toUpperCase(Locale.ROOT), params);
    }

    /**
     * Letters, digits, '_' and '-': wider than the letters-or-three-digits of the grammar, so that
     * a misspelt or made-up command reaches the server's "unknown command" answer instead of being
     * refused as malformed.
     */
    private static boolean isValidCommand(String command) {
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static int skipSpaces(String line, int pos) {
        while (pos < line.length() && line.charAt(pos) == ' ') {
            pos++;
        }
        return pos;
    }

    private static Map<String, String> parseTags(String raw) throws IrcParseException {
        if (raw.isEmpty()) {
            throw new IrcParseException("Empty tag section");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (String item : raw.split(";", -1)) {
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            String key = eq < 0 ? item : item.substring(0, eq);
            String value = eq < 0 ? "" : MessageTags.unescape(item.substring(eq + 1));
            if (!MessageTags.isValidKey(key)) {
                throw new IrcParseException("Malformed tag key");
            }
            // When a tag repeats, the last value wins (IRCv3 message-tags).
            tags.remove(key);
            tags.put(key, value);
        }
        return tags;
    }
}
