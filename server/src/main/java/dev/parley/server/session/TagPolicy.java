package dev.parley.server.session;

import dev.parley.protocol.IrcMessage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which message tags a client gets: a server may send tags only to clients that enabled
 * message-tags or the capability that brings that one tag (IRCv3 message-tags).
 *
 * <p>A client's capabilities are kept as bits ({@link #bit}); its <em>view</em> is the part of
 * them that changes what a fan-out sends it ({@link #VIEW_MASK}). Recipients with the same view
 * get the same bytes, so a room message is encoded once per view, not once per member.
 */
public final class TagPolicy {
    /** The capabilities that change how a message to many looks to each of them. */
    public static final int VIEW_MASK = bit(Capability.SERVER_TIME) | bit(Capability.ACCOUNT_TAG)
            | bit(Capability.MESSAGE_TAGS) | bit(Capability.EXTENDED_JOIN) | bit(Capability.AWAY_NOTIFY)
            | bit(Capability.ACCOUNT_NOTIFY) | bit(Capability.INVITE_NOTIFY) | bit(Capability.SETNAME)
            | bit(Capability.MESSAGE_REDACTION) | bit(Capability.MULTILINE) | bit(Capability.CHGHOST);

    private TagPolicy() {
    }

    public static int bit(Capability cap) {
        return 1 << cap.ordinal();
    }

    /** Whether a view (or a full set of capability bits) includes {@code cap}. */
    public static boolean has(int view, Capability cap) {
        return (view & bit(cap)) != 0;
    }

    /** {@code message} as {@code recipient} may get it. */
    public static IrcMessage forRecipient(Session recipient, IrcMessage message) {
        return forView(recipient.capabilityBits(), message);
    }

    /** {@code message} as a client with these capability bits may get it. */
    public static IrcMessage forView(int caps, IrcMessage message) {
        if (message.tags().isEmpty()) {
            return message;
        }
        Map<String, String> kept = null;
        for (Map.Entry<String, String> tag : message.tags().entrySet()) {
            if (allowed(caps, tag.getKey())) {
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

    private static boolean allowed(int caps, String key) {
        return switch (key) {
            case "time" -> has(caps, Capability.SERVER_TIME);
            case "account" -> has(caps, Capability.ACCOUNT_TAG);
            case "batch" -> has(caps, Capability.BATCH);
            case "label" -> has(caps, Capability.LABELED_RESPONSE);
            default -> has(caps, Capability.MESSAGE_TAGS);
        };
    }
}
