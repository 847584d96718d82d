package dev.parley.server.history;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcParseException;
import dev.parley.protocol.IrcParser;
import java.util.LinkedHashMap;
import java.util.Map;

/** A message read back from history. */
public record StoredMessage(long id, String msgid, long timeMillis, String command, String account, String line) {

    /** The message as it was relayed, with its time, id and sender's account as tags again. */
    public IrcMessage toMessage() {
        IrcMessage parsed;
        try {
            parsed = IrcParser.parse(line);
        } catch (IrcParseException e) {
            // Written by this server from a message it sent; unreadable only if the file was edited.
            throw new IllegalStateException("unreadable history line " + id, e);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("time", HistoryTime.format(timeMillis));
        tags.put("msgid", msgid);
        if (account != null) {
            tags.put("account", account);
        }
        tags.putAll(parsed.tags());
        return parsed.withTags(tags);
    }
}
