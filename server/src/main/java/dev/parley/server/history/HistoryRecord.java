package dev.parley.server.history;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.MessageTags;
import java.util.Map;

/**
 * One message or event to keep.
 *
 * @param target       a room's folded name, or {@link Conversation#key()}
 * @param conversation the parties, for a private message; null for a room
 * @param msgid        the id every recipient saw
 * @param timeMillis   the server-time every recipient saw
 * @param account      the sender's account, or null
 * @param message      the line as relayed, with only its client-only tags (the others are dropped
 *                     here). For a multiline message, its first line as clients without
 *                     draft/multiline got it
 * @param multiline    all the lines of a draft/multiline message, or null for a single line
 */
public record HistoryRecord(String target, Conversation conversation, String msgid, long timeMillis,
                            String account, IrcMessage message, MultilineBody multiline) {

    public HistoryRecord {
        // Only client-only tags are stored; the server's (msgid, time, account...) are columns or
        // made anew on replay. Dropping them now, not when the row is written, matters when the
        // writer is behind: a relayed message's tags (a map, its entries and views, their strings)
        // were half of the kilobyte each waiting record held.
        message = withClientTagsOnly(message);
    }

    private static IrcMessage withClientTagsOnly(IrcMessage message) {
        Map<String, String> kept = MessageTags.clientOnly(message.tags());
        return kept.size() == message.tags().size() ? message : message.withTags(kept);
    }

    public static HistoryRecord room(String foldedRoom, String msgid, long timeMillis, String account,
                                     IrcMessage message) {
        return new HistoryRecord(foldedRoom, null, msgid, timeMillis, account, message, null);
    }

    public static HistoryRecord conversation(Conversation conversation, String msgid, long timeMillis,
                                             String account, IrcMessage message) {
        return new HistoryRecord(conversation.key(), conversation, msgid, timeMillis, account, message, null);
    }

    /** The same message, kept as the multiline message {@code body} (one entry, one msgid). */
    public HistoryRecord withMultiline(MultilineBody body) {
        return new HistoryRecord(target, conversation, msgid, timeMillis, account, message, body);
    }

    /** What the search index takes: the text said. */
    String searchText() {
        return multiline != null ? multiline.searchText() : message.param(1);
    }

    /** Whether it is something said (it counts for CHATHISTORY TARGETS and search), not an event. */
    public boolean said() {
        String command = message.command();
        return "PRIVMSG".equals(command) || "NOTICE".equals(command);
    }
}
