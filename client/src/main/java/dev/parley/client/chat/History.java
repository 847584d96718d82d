package dev.parley.client.chat;

import dev.parley.protocol.IrcMessage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * CHATHISTORY (IRCv3 draft/chathistory): the requests, and the batches that answer them. The
 * server answers each request with one batch, maybe empty, or with FAIL CHATHISTORY, in the order
 * asked. Lines of a history batch are kept for whoever asked and never reach the live path, so
 * nothing in them counts as new. Lines tagged with any other batch (labeled-response, netsplit...)
 * are not this class's business: they are live lines like any other.
 */
final class History {
    private static final String ROOM_HISTORY = "chathistory";
    private static final String TARGETS = "draft/chathistory-targets";
    private static final DateTimeFormatter SERVER_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final ChatState state;
    /** Batches of history nobody here asked for (a server may play a room's history on joining). */
    private final BiConsumer<String, List<IrcMessage>> unasked;
    /** Requests sent and not yet answered, oldest first. */
    private final List<Request> asked = new ArrayList<>();
    /** Open history batches by reference; other batch types are not kept. */
    private final Map<String, Batch> open = new HashMap<>();

    /** @param target the room or nick asked about; null for TARGETS */
    private record Request(String target, Consumer<List<IrcMessage>> answer) {
    }

    private record Batch(String target, Request request, List<IrcMessage> lines) {
    }

    History(ChatState state, BiConsumer<String, List<IrcMessage>> unasked) {
        this.state = state;
        this.unasked = unasked;
    }

    /** Whether the server keeps history for this client: CHATHISTORY needs batches to answer. */
    boolean available() {
        return state.has("draft/chathistory") && state.has("batch");
    }

    static String timestamp(Instant at) {
        return "timestamp=" + SERVER_TIME.format(at);
    }

    /** The last {@code limit} messages of a room or conversation; {@code answer} gets them, oldest first. */
    void latest(String target, int limit, Consumer<List<IrcMessage>> answer) {
        ask(target, answer, "LATEST", target, "*", String.valueOf(limit));
    }

    /** The first {@code limit} messages after {@code timestamp} (as "timestamp=..."). */
    void after(String target, String timestamp, int limit, Consumer<List<IrcMessage>> answer) {
        ask(target, answer, "AFTER", target, timestamp, String.valueOf(limit));
    }

    /** The conversations with messages between the two times: lines "CHATHISTORY TARGETS target time". */
    void targets(Instant from, Instant to, int limit, Consumer<List<IrcMessage>> answer) {
        ask(null, answer, "TARGETS", timestamp(from), timestamp(to), String.valueOf(limit));
    }

    private void ask(String target, Consumer<List<IrcMessage>> answer, String... params) {
        asked.add(new Request(target, answer));
        state.send(IrcMessage.of("CHATHISTORY", params));
    }

    /** BATCH +ref type params... or BATCH -ref. */
    void batch(IrcMessage message) {
        String ref = message.param(0);
        if (ref == null || ref.length() < 2) {
            return;
        }
        String id = ref.substring(1);
        if (ref.charAt(0) == '+') {
            String type = message.param(1) == null ? "" : message.param(1).toLowerCase(Locale.ROOT);
            if (type.equals(ROOM_HISTORY) || type.equals(TARGETS)) {
                String target = type.equals(TARGETS) ? null : message.param(2);
                open.put(id, new Batch(target, claim(target, type.equals(TARGETS)), new ArrayList<>()));
            }
        } else if (ref.charAt(0) == '-') {
            Batch done = open.remove(id);
            if (done == null) {
                return;
            }
            if (done.request() != null) {
                done.request().answer().accept(done.lines());
            } else if (done.target() != null) {
                unasked.accept(done.target(), done.lines());
            }
        }
    }

    /** The request a batch answers: the oldest one about the same target. */
    private Request claim(String target, boolean targets) {
        for (Request request : asked) {
            if (targets ? request.target() == null : state.people.same(request.target(), target)) {
                asked.remove(request);
                return request;
            }
        }
        return null;
    }

    /**
     * Whether a line belongs to an open history batch: then it is kept for it when it is a message,
     * and dropped otherwise (JOINs and PARTs of long ago are no news).
     */
    boolean takes(IrcMessage message) {
        String ref = message.tags().get("batch");
        Batch batch = ref == null ? null : open.get(ref);
        if (batch == null) {
            return false;
        }
        boolean wanted = batch.target() == null ? "CHATHISTORY".equals(message.command())
                : "PRIVMSG".equals(message.command()) || "NOTICE".equals(message.command());
        if (wanted) {
            batch.lines().add(message);
        }
        return true;
    }

    /**
     * FAIL CHATHISTORY code [context...] :text. It answers the request its context names, else the
     * oldest one; that request gets nothing, and the user is not bothered: history is a bonus.
     */
    void failed(IrcMessage message) {
        if (asked.isEmpty()) {
            return;
        }
        List<String> context = message.params().subList(0, Math.max(0, message.params().size() - 1));
        Request answered = asked.get(0);
        for (Request request : asked) {
            boolean named = request.target() == null ? context.contains("TARGETS")
                    : context.stream().anyMatch(p -> state.people.same(p, request.target()));
            if (named) {
                answered = request;
                break;
            }
        }
        asked.remove(answered);
        answered.answer().accept(List.of());
    }

    /** The server does not know CHATHISTORY after all: nothing asked will be answered. */
    void unknownCommand() {
        List<Request> unanswered = List.copyOf(asked);
        asked.clear();
        unanswered.forEach(request -> request.answer().accept(List.of()));
    }

    void disconnected() {
        asked.clear();
        open.clear();
    }
}
