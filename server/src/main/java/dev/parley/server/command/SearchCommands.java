package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.MessageTags;
import dev.parley.server.history.History;
import dev.parley.server.history.HistoryTime;
import dev.parley.server.history.Identity;
import dev.parley.server.history.SearchRequest;
import dev.parley.server.history.StoredMessage;
import dev.parley.server.room.Room;
import dev.parley.server.session.Session;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * SEARCH (soju.im/search): full-text search over the history the asker may read, the rooms it is
 * in and its own private conversations, newest matches first chosen, sent oldest first in a
 * {@code soju.im/search} batch. {@code SEARCH in=#room;from=nick;after=...;before=...;text=...;limit=N},
 * every key optional, values escaped as tag values.
 */
public final class SearchCommands {
    private static final Set<String> KEYS = Set.of("in", "from", "after", "before", "text", "limit");
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_WORDS = 16;

    private final ServerContext ctx;

    public SearchCommands(ServerContext ctx) {
        this.ctx = ctx;
    }

    public void register(CommandTable table) {
        table.add("SEARCH", 0, this::search);
    }

    private void search(Session session, IrcMessage message) {
        if (!ctx.history().enabled()) {
            fail(session, "INTERNAL_ERROR", "History is not kept on this server");
            return;
        }
        Map<String, String> query = parse(message.param(0) == null ? "" : message.param(0));
        if (query == null) {
            fail(session, "INVALID_PARAMS", "Expected key=value;... with keys " + String.join(", ", KEYS));
            return;
        }
        OptionalLong after = time(query.get("after"), Long.MIN_VALUE);
        OptionalLong before = time(query.get("before"), Long.MAX_VALUE);
        Integer limit = limit(query.get("limit"));
        if (after.isEmpty() || before.isEmpty() || limit == null) {
            fail(session, "INVALID_PARAMS", "after and before are times (ISO 8601, UTC), limit a positive number");
            return;
        }
        List<String> words = new ArrayList<>();
        for (String word : query.getOrDefault("text", "").trim().split("\\s+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        if (words.size() > MAX_WORDS) {
            fail(session, "INVALID_PARAMS", "At most " + MAX_WORDS + " words");
            return;
        }
        List<SearchRequest.RoomScope> rooms = new ArrayList<>();
        List<String> conversations = null;
        Identity me = session.account().isPresent() ? Recording.identity(ctx, session) : null;
        String in = query.get("in");
        if (in != null) {
            HistoryAccess.Readable readable = HistoryAccess.readable(ctx, session, in);
            if (readable == null) {
                fail(session, "INVALID_PARAMS", "Cannot search " + in);
                return;
            }
            if (in.startsWith("#")) {
                rooms.add(new SearchRequest.RoomScope(readable.targets().get(0), readable.notBeforeMs()));
            } else {
                conversations = readable.targets();
            }
            me = null;
        } else {
            for (Room room : ctx.rooms().of(session)) {
                rooms.add(new SearchRequest.RoomScope(Recording.roomTarget(ctx, room),
                        HistoryAccess.notBefore(ctx, session, room)));
            }
        }
        SearchRequest request = new SearchRequest(rooms, me, conversations, words, query.get("from"),
                after.getAsLong(), before.getAsLong(), limit);
        HistoryAccess.await(session, ctx.history().search(request), found -> send(session, found),
                () -> fail(session, "INTERNAL_ERROR", "The search failed"));
    }

    private void send(Session session, List<StoredMessage> found) {
        String batch = ctx.newMessageId();
        session.send(IrcMessage.from(ctx.serverName(), "BATCH", "+" + batch, "soju.im/search"));
        for (StoredMessage stored : found) {
            HistoryAccess.replay(ctx, session, batch, stored);
        }
        session.send(IrcMessage.from(ctx.serverName(), "BATCH", "-" + batch));
    }

    /** key=value;key=value with tag-value escaping; null when malformed or a key is unknown or repeated. */
    private static Map<String, String> parse(String text) {
        Map<String, String> query = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return query;
        }
        for (String pair : text.split(";")) {
            int equals = pair.indexOf('=');
            String key = (equals < 0 ? pair : pair.substring(0, equals)).toLowerCase(Locale.ROOT);
            String value = equals < 0 ? "" : MessageTags.unescape(pair.substring(equals + 1));
            if (!KEYS.contains(key) || query.put(key, value) != null) {
                return null;
            }
        }
        return query;
    }

    private static OptionalLong time(String text, long otherwise) {
        return text == null ? OptionalLong.of(otherwise) : HistoryTime.parse(text);
    }

    private static Integer limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            return limit < 1 ? null : Math.min(limit, History.MAX_PAGE);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void fail(Session session, String code, String description) {
        session.send(IrcMessage.from(ctx.serverName(), "FAIL", "SEARCH", code, description));
    }
}
