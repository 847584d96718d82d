package dev.parley.server.session;

import dev.parley.protocol.IrcMessage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which message tags a client gets: a server may send tags only to clients that enabled
 * message-tags or the capability that brings that one tag (IRCv3 message-tags).
 */
public final class TagPolicy {
    private TagPolicy() {
    }

    public static IrcMessage forRecipient(Session recipient, IrcMessage message) {
        if (message.tags().isEmpty()) {
            return message;
        }
        Map<String, String> kept = null;
        for (Map.Entry<String, String> tag : message.tags().entrySet()) {
            if (allowed(recipient, tag.getKey())) {
                if (kept == null) {
                    kept = new LinkedHashMap<>();
                }
                kept.put(tag.getKey(), tag.getValue());
            }
        }
        if (kept == null) {
            return message.withTags(Map.of());
        }
        return kept.size() == message.tags().size() ? message : message.withTags(kept);
    }

    private static boolean allowed(Session recipient, String key) {
        return switch (key) {
            case "time" -> recipient.has(Capability.SERVER_TIME);
            case "account" -> recipient.has(Capability.ACCOUNT_TAG);
            case "batch" -> recipient.has(Capability.BATCH);
            case "label" -> recipient.has(Capability.LABELED_RESPONSE);
            default -> recipient.has(Capability.MESSAGE_TAGS);
        };
    }
}
