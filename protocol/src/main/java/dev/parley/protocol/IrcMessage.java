package dev.parley.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One IRC message: optional IRCv3 tags, an optional source (prefix), a command and its parameters.
 * Immutable; the last parameter is sent as a trailing parameter when it needs to be.
 *
 * @param tags    message tags in their order (values unescaped; a tag without value maps to "")
 * @param source  the prefix without its colon, or null
 * @param command the command, upper-cased, or a three-digit numeric
 * @param params  the parameters, the trailing one included as the last element
 */
public record IrcMessage(Map<String, String> tags, String source, String command, List<String> params) {

    public IrcMessage {
        Objects.requireNonNull(command, "command");
        tags = tags.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        params = List.copyOf(params);
    }

    /** A message with no tags and no source. */
    public static IrcMessage of(String command, String... params) {
        return new IrcMessage(Map.of(), null, command.toUpperCase(Locale.ROOT), Arrays.asList(params));
    }

    /** A message from {@code source} with no tags. */
    public static IrcMessage from(String source, String command, String... params) {
        return new IrcMessage(Map.of(), source, command, Arrays.asList(params));
    }

    /** A message from {@code source} with no tags. */
    public static IrcMessage from(String source, String command, List<String> params) {
        return new IrcMessage(Map.of(), source, command, params);
    }

    public IrcMessage withSource(String newSource) {
        return new IrcMessage(tags, newSource, command, params);
    }

    public IrcMessage withTags(Map<String, String> newTags) {
        return new IrcMessage(newTags, source, command, params);
    }

    /** This message with one more tag (replacing a tag of the same key). */
    public IrcMessage withTag(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(tags);
        copy.put(key, value);
        return new IrcMessage(copy, source, command, params);
    }

    public IrcMessage withParams(List<String> newParams) {
        return new IrcMessage(tags, source, command, newParams);
    }

    /** The parameter at {@code index}, or null when there are fewer. */
    public String param(int index) {
        return index < params.size() ? params.get(index) : null;
    }

    /** The parameters from {@code from} on. */
    public List<String> paramsFrom(int from) {
        return from >= params.size() ? List.of() : params.subList(from, params.size());
    }

    /** The last parameter, or null when there is none. */
    public String last() {
        return params.isEmpty() ? null : params.get(params.size() - 1);
    }

    /** A copy of the parameters that callers may change. */
    public List<String> mutableParams() {
        return new ArrayList<>(params);
    }

    @Override
    public String toString() {
        return IrcSerializer.serialize(this);
    }
}
