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

    /** Source, command and parameters: everything but the tags. */
    public static void appendBody(StringBuilder out, IrcMessage message) {
        if (message.source() != null) {
            out.append(':').append(message.source()).append(' ');
        }
        out.append(message.command());
        List<String> params = message.params();
        for (int i = 0; i < params.size(); i++) {
            String param = params.get(i);
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

    private static boolean needsTrailing(String param) {
        return param.isEmpty() || param.charAt(0) == ':' || param.indexOf(' ') >= 0;
    }
}
