package dev.parley.protocol;

import java.util.List;
import java.util.Map;

/** Writes an {@link IrcMessage} as one IRC line, without the CR LF. */
public final class IrcSerializer {
    private IrcSerializer() {
    }

    public static String serialize(IrcMessage message) {
        StringBuilder out = new StringBuilder(64);
        appendTags(out, message.tags());
        appendBody(out, message);
        return out.toString();
    }

    /** Only the tag section ("@a=b;c "), or "" when there are no tags. */
    public static void appendTags(StringBuilder out, Map<String, String> tags) {
        if (tags.isEmpty()) {
            return;
        }
        out.append('@');
        boolean first = true;
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (!first) {
                out.append(';');
            }
            first = false;
            out.append(tag.getKey());
            if (!tag.getValue().isEmpty()) {
                out.append('=').append(MessageTags.escape(tag.getValue()));
            }
        }
        out.append(' ');
    }

    /**
     * Source, command and parameters: everything but the tags.
     *
     * @throws IllegalArgumentException for a message one line cannot carry: CR, LF or NUL
     *         anywhere (they would end the line early or be refused by clients), or a parameter
     *         before the last that is empty, starts with ':' or holds a space
     */
    public static void appendBody(StringBuilder out, IrcMessage message) {
        if (message.source() != null) {
            out.append(':').append(refuseLineBreaks(message.source())).append(' ');
        }
        out.append(refuseLineBreaks(message.command()));
        List<String> params = message.params();
        for (int i = 0; i < params.size(); i++) {
            String param = refuseLineBreaks(params.get(i));
            out.append(' ');
            boolean last = i == params.size() - 1;
            if (last && needsTrailing(param)) {
                out.append(':');
            } else if (!last && needsTrailing(param)) {
                throw new IllegalArgumentException("Only the last parameter may be empty, start with ':' or hold a space");
            }
            out.append(param);
        }
    }

    /** Whether {@code param} can only be sent as the last (trailing) parameter. */
    public static boolean needsTrailing(String param) {
        return param.isEmpty() || param.charAt(0) == ':' || param.indexOf(' ') >= 0;
    }

    // The last line of defence: whatever a command let through, one message stays one line.
    private static String refuseLineBreaks(String part) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("CR, LF or NUL in a message");
            }
        }
        return part;
    }
}
