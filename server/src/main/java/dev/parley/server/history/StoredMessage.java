package dev.parley.server.history;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcParseException;
import dev.parley.protocol.IrcParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message read back from history.
 *
 * @param line      the line as relayed (for a multiline message, its first line as clients
 *                  without draft/multiline got it)
 * @param multiline a multiline message's lines ({@link MultilineBody#encoded()}), or null
 */
public record StoredMessage(long id, String msgid, long timeMillis, String command, String account, String line,
                            String multiline) {

    /** The columns a query selects to make one, in this order. */
    static final String COLUMNS = "id, msgid, time_ms, command, account, line, multiline";

    static StoredMessage from(java.sql.ResultSet rows) throws java.sql.SQLException {
        return new StoredMessage(rows.getLong(1), rows.getString(2), rows.getLong(3), rows.getString(4),
                rows.getString(5), rows.getString(6), rows.getString(7));
    }

    /** The message as it was relayed, with its time, id and sender's account as tags again. */
    public IrcMessage toMessage() {
        IrcMessage parsed = parsed();
        Map<String, String> tags = serverTags(true);
        tags.putAll(parsed.tags());
        return parsed.withTags(tags);
    }

    /**
     * The message as lines to replay inside the batch {@code batch}. A multiline message is a
     * nested draft/multiline batch named {@code nested} (its id and time on the batch), or, when
     * {@code nested} is null, its lines one by one as clients without the capability got them:
     * blank lines left out, the id on the first.
     */
    public List<IrcMessage> replay(String batch, String nested) {
        if (multiline == null) {
            return List.of(toMessage().withTag("batch", batch));
        }
        IrcMessage first = parsed();
        String target = first.param(0);
        List<IrcMessage> lines = new ArrayList<>();
        MultilineBody body = MultilineBody.decode(multiline);
        if (nested != null) {
            Map<String, String> open = serverTags(true);
            open.putAll(first.tags());
            open.put("batch", batch);
            lines.add(new IrcMessage(open, first.source(), "BATCH", List.of("+" + nested, "draft/multiline", target)));
            for (MultilineBody.Line line : body.lines()) {
                Map<String, String> tags = new LinkedHashMap<>(first.tags());
                tags.put("batch", nested);
                if (line.concat()) {
                    tags.put("draft/multiline-concat", "");
                }
                lines.add(new IrcMessage(tags, first.source(), command, List.of(target, line.text())));
            }
            lines.add(new IrcMessage(Map.of("batch", batch), first.source(), "BATCH", List.of("-" + nested)));
            return lines;
        }
        boolean firstLine = true;
        for (MultilineBody.Line line : body.lines()) {
            if (line.text().isEmpty()) {
                continue;
            }
            Map<String, String> tags = serverTags(firstLine);
            tags.putAll(first.tags());
            tags.put("batch", batch);
            lines.add(new IrcMessage(tags, first.source(), command, List.of(target, line.text())));
            firstLine = false;
        }
        return lines;
    }

    private Map<String, String> serverTags(boolean withMsgid) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("time", HistoryTime.format(timeMillis));
        if (withMsgid) {
            tags.put("msgid", msgid);
        }
        if (account != null) {
            tags.put("account", account);
        }
        return tags;
    }

    private IrcMessage parsed() {
        try {
            return IrcParser.parse(line);
        } catch (IrcParseException e) {
            // Written by this server from a message it sent; unreadable only if the file was edited.
            throw new IllegalStateException("unreadable history line " + id, e);
        }
    }
}
