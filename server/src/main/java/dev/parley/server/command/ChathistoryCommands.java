package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.history.History;
import dev.parley.server.history.HistoryRequest;
import dev.parley.server.history.HistoryRequest.Kind;
import dev.parley.server.history.HistoryRequest.Ref;
import dev.parley.server.history.HistoryTime;
import dev.parley.server.history.Identity;
import dev.parley.server.history.StoredMessage;
import dev.parley.server.history.TargetActivity;
import dev.parley.server.room.Room;
import dev.parley.server.session.Capability;
import dev.parley.server.session.Session;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * CHATHISTORY (IRCv3 draft/chathistory, with draft/event-playback): pages of a room's or a
 * private conversation's history, and the targets with recent activity. Who may read what is
 * decided here, under the state lock, before the read is handed to the history readers; the
 * session waits (suspended) for the page, so its replies stay in order.
 *
 * <p>A room's history is for its members only; to anyone else, a room that exists and one that
 * does not give the same INVALID_TARGET. Private history is for members (logged in) only, and
 * is found by account: a guest's messages are kept under its nick only for the member it
 * talked to.
 */
public final class ChathistoryCommands {
    private static final Set<String> SUBCOMMANDS = Set.of("LATEST", "BEFORE", "AFTER", "AROUND", "BETWEEN", "TARGETS");

    private final ServerContext ctx;

    public ChathistoryCommands(ServerContext ctx) {
        this.ctx = ctx;
    }

    public void register(CommandTable table) {
        table.add("CHATHISTORY", 0, this::chathistory);
    }

    private void chathistory(Session session, IrcMessage message) {
        History history = ctx.history();
        String sub = message.param(0) == null ? "*" : message.param(0).toUpperCase(Locale.ROOT);
        if (!history.enabled()) {
            ctx.standardReply(session, "FAIL", "CHATHISTORY", "MESSAGE_ERROR", "History is not kept on this server");
            return;
        }
        if (!SUBCOMMANDS.contains(sub)) {
            fail(session, "UNKNOWN_COMMAND", List.of(sub), "Unknown CHATHISTORY subcommand");
            return;
        }
        int needed = switch (sub) {
            case "BETWEEN" -> 5;
            default -> 4;
        };
        if (message.params().size() < needed) {
            fail(session, "NEED_MORE_PARAMS", List.of(sub), "Missing parameters");
            return;
        }
        if ("TARGETS".equals(sub)) {
            targets(session, message);
            return;
        }
        String target = message.param(1);
        Kind kind = Kind.valueOf(sub);
        Ref first = ref(message.param(2), kind == Kind.LATEST);
        Ref second = kind == Kind.BETWEEN ? ref(message.param(3), false) : null;
        Integer limit = limit(message.param(needed - 1));
        if (first == null || (kind == Kind.BETWEEN && second == null)) {
            fail(session, "INVALID_PARAMS", List.of(sub, target), "Invalid message reference");
            return;
        }
        if (limit == null) {
            fail(session, "INVALID_PARAMS", List.of(sub, target), "Invalid limit");
            return;
        }
        HistoryAccess.Readable readable = HistoryAccess.readable(ctx, session, target);
        if (readable == null) {
            fail(session, "INVALID_TARGET", List.of(sub, target), "Messages could not be retrieved");
            return;
        }
        if (readable.targets().isEmpty()) {
            sendPage(session, target, List.of());
            return;
        }
        HistoryRequest request = new HistoryRequest(readable.targets(), kind, first, second, limit,
                session.has(Capability.EVENT_PLAYBACK), readable.notBeforeMs());
        HistoryAccess.await(session, history.page(request), page -> sendPage(session, target, page),
                () -> fail(session, "MESSAGE_ERROR", List.of(sub, target), "Messages could not be retrieved"));
    }

    private void targets(Session session, IrcMessage message) {
        OptionalLong from = timestamp(message.param(1));
        OptionalLong to = timestamp(message.param(2));
        Integer limit = limit(message.param(3));
        if (from.isEmpty() || to.isEmpty()) {
            fail(session, "INVALID_PARAMS", List.of("TARGETS"), "Invalid timestamp");
            return;
        }
        if (limit == null) {
            fail(session, "INVALID_PARAMS", List.of("TARGETS"), "Invalid limit");
            return;
        }
        long low = Math.min(from.getAsLong(), to.getAsLong());
        long high = Math.max(from.getAsLong(), to.getAsLong());
        Map<String, String> roomNames = new LinkedHashMap<>();
        for (Room room : ctx.rooms().of(session)) {
            roomNames.put(Recording.roomTarget(ctx, room), room.name());
        }
        Identity me = session.account().isPresent() ? Recording.identity(ctx, session) : null;
        HistoryAccess.await(session, ctx.history().targets(List.copyOf(roomNames.keySet()), me, low, high, limit),
                found -> sendTargets(session, found, roomNames),
                () -> fail(session, "MESSAGE_ERROR", List.of("TARGETS"), "Targets could not be retrieved"));
    }


    private void sendPage(Session session, String target, List<StoredMessage> page) {
        String batch = ctx.newMessageId();
        session.send(IrcMessage.from(ctx.serverName(), "BATCH", "+" + batch, "chathistory", target));
        for (StoredMessage stored : page) {
            if ("TAGMSG".equals(stored.command()) && !session.has(Capability.MESSAGE_TAGS)) {
                continue;
            }
            HistoryAccess.replay(ctx, session, batch, stored);
        }
        session.send(IrcMessage.from(ctx.serverName(), "BATCH", "-" + batch));
    }

    private void sendTargets(Session session, List<TargetActivity> found, Map<String, String> roomNames) {
        String batch = ctx.newMessageId();
        session.send(IrcMessage.from(ctx.serverName(), "BATCH", "+" + batch, "draft/chathistory-targets"));
        for (TargetActivity activity : found) {
            String name = activity.peerName() != null ? activity.peerName() : roomNames.get(activity.target());
            if (name == null) {
                continue;
            }
            session.send(IrcMessage.from(ctx.serverName(), "CHATHISTORY", "TARGETS", name,
                    HistoryTime.format(activity.latestMs())).withTag("batch", batch));
        }
        session.send(IrcMessage.from(ctx.serverName(), "BATCH", "-" + batch));
    }

    private void fail(Session session, String code, List<String> context, String description) {
        ctx.standardReply(session, "FAIL", "CHATHISTORY", code, context, description);
    }

    /** {@code *} (when allowed), {@code msgid=...} or {@code timestamp=...}; null when none of them. */
    private static Ref ref(String text, boolean starAllowed) {
        if ("*".equals(text)) {
            return starAllowed ? new Ref.None() : null;
        }
        if (text.startsWith("msgid=") && text.length() > 6) {
            return new Ref.Msgid(text.substring(6));
        }
        OptionalLong time = timestamp(text);
        return time.isPresent() ? new Ref.Time(time.getAsLong()) : null;
    }

    private static OptionalLong timestamp(String text) {
        return text.startsWith("timestamp=") ? HistoryTime.parse(text.substring(10)) : OptionalLong.empty();
    }

    /** A positive limit, lowered to the most a page may have; null when not a positive number. */
    private static Integer limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            return limit < 1 ? null : Math.min(limit, History.MAX_PAGE);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
