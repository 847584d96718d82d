package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.MessageTags;
import dev.parley.protocol.Numerics;
import dev.parley.server.delivery.Audience;
import dev.parley.server.history.Conversation;
import dev.parley.server.history.HistoryRecord;
import dev.parley.server.history.MultilineBody;
import dev.parley.server.room.Room;
import dev.parley.server.session.Capability;
import dev.parley.server.session.Session;
import dev.parley.server.session.TagPolicy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * draft/multiline: a message of several lines, sent as a client batch ({@code BATCH +ref
 * draft/multiline target}, PRIVMSG or NOTICE lines tagged with the batch, {@code BATCH -ref}) and
 * delivered as one: as a batch to clients with the capability, as separate lines (blank ones
 * left out, the first carrying the message id) to the rest. History keeps it as one message.
 */
public final class MultilineCommands {
    public static final int MAX_BYTES = 4096;
    public static final int MAX_LINES = 100;
    static final String BATCH_TYPE = "draft/multiline";
    static final String CONCAT = "draft/multiline-concat";

    private final ServerContext ctx;
    private final MessageCommands messages;

    public MultilineCommands(ServerContext ctx, MessageCommands messages) {
        this.ctx = ctx;
        this.messages = messages;
    }

    /** The capability's value, as CAP LS shows it. */
    public static String capabilityValue() {
        return "max-bytes=" + MAX_BYTES + ",max-lines=" + MAX_LINES;
    }

    public void register(CommandTable table) {
        table.add("BATCH", 1, this::batch);
        messages.batchLines(this::line);
    }

    /** What a client has sent of a multiline batch so far. */
    static final class Open {
        final String ref;
        final String target;
        final Map<String, String> clientTags;
        final String label;
        final List<String> texts = new ArrayList<>();
        final List<Boolean> concat = new ArrayList<>();
        String command;
        int bytes;
        boolean invalid;

        Open(String ref, String target, Map<String, String> clientTags, String label) {
            this.ref = ref;
            this.target = target;
            this.clientTags = clientTags;
            this.label = label;
        }
    }

    private void batch(Session session, IrcMessage message) {
        String ref = message.param(0);
        if (ref.length() < 2 || (ref.charAt(0) != '+' && ref.charAt(0) != '-')) {
            invalid(session, "Malformed batch reference");
            return;
        }
        if (ref.charAt(0) == '+') {
            if (!BATCH_TYPE.equals(message.param(1)) || message.param(2) == null
                    || !session.has(Capability.MULTILINE)) {
                invalid(session, "Only draft/multiline batches can be sent to this server");
                return;
            }
            Map<String, String> clientTags = MessageTags.clientOnly(message.tags());
            // The label belongs to the whole message: it answers when the batch ends.
            String label = session.takeLabel();
            session.multiline(new Open(ref.substring(1), message.param(2), clientTags, label));
            return;
        }
        Open open = session.multiline();
        session.multiline(null);
        if (open == null || !open.ref.equals(ref.substring(1))) {
            invalid(session, "No such batch is open");
            return;
        }
        if (open.invalid) {
            return; // already refused
        }
        if (open.texts.isEmpty() || open.texts.stream().allMatch(String::isEmpty)) {
            invalid(session, "A multiline message needs some text");
            return;
        }
        deliver(session, open);
    }

    /** A PRIVMSG or NOTICE with a batch tag; true when it was taken into the open batch (or refused). */
    private boolean line(Session session, IrcMessage message) {
        String ref = message.tags().get("batch");
        Open open = session.multiline();
        if (open == null || !open.ref.equals(ref)) {
            invalid(session, "The line names a batch that is not open");
            if (open != null) {
                open.invalid = true;
            }
            return true;
        }
        if (open.invalid) {
            return true;
        }
        String text = message.param(1) == null ? "" : message.param(1);
        boolean concat = message.tags().containsKey(CONCAT);
        if (!open.target.equals(message.param(0)) || (open.command != null && !open.command.equals(message.command()))
                || (concat && text.isEmpty())) {
            open.invalid = true;
            invalid(session, concat && text.isEmpty() ? "A blank line cannot be concatenated"
                    : "Every line of a batch goes to its target, with one command");
            return true;
        }
        open.command = message.command();
        open.bytes += text.getBytes(StandardCharsets.UTF_8).length;
        if (open.texts.size() + 1 > MAX_LINES) {
            open.invalid = true;
            ctx.standardReply(session, "FAIL", "BATCH", "MULTILINE_MAX_LINES", List.of(String.valueOf(MAX_LINES)),
                    "Too many lines in one message");
            return true;
        }
        if (open.bytes > MAX_BYTES) {
            open.invalid = true;
            ctx.standardReply(session, "FAIL", "BATCH", "MULTILINE_MAX_BYTES", List.of(String.valueOf(MAX_BYTES)),
                    "Too many bytes in one message");
            return true;
        }
        open.texts.add(text);
        open.concat.add(concat);
        return true;
    }

    private void deliver(Session session, Open open) {
        long now = System.currentTimeMillis();
        Map<String, String> tags = ctx.messageTags(session, now);
        tags.putAll(open.clientTags);
        String msgid = tags.get("msgid");
        String ref = ctx.newMessageId();
        String command = open.command;
        List<IrcMessage> asBatch = new ArrayList<>();
        asBatch.add(new IrcMessage(tags, session.prefix(), "BATCH", List.of("+" + ref, BATCH_TYPE, open.target)));
        List<IrcMessage> asLines = new ArrayList<>();
        Map<String, String> lineTags = new LinkedHashMap<>(tags);
        for (int i = 0; i < open.texts.size(); i++) {
            String text = open.texts.get(i);
            Map<String, String> inner = new LinkedHashMap<>(open.clientTags);
            inner.put("batch", ref);
            if (open.concat.get(i)) {
                inner.put(CONCAT, "");
            }
            asBatch.add(new IrcMessage(inner, session.prefix(), command, List.of(open.target, text)));
            if (!text.isEmpty()) {
                asLines.add(new IrcMessage(lineTags, session.prefix(), command, List.of(open.target, text)));
                lineTags = new LinkedHashMap<>(lineTags);
                lineTags.remove("msgid"); // the message's id goes with its first line only
            }
        }
        asBatch.add(IrcMessage.from(session.prefix(), "BATCH", "-" + ref));

        boolean kept;
        if (open.target.startsWith("#")) {
            Room room = ctx.rooms().find(open.target).orElse(null);
            String refusal = room == null ? "No such channel" : messages.cannotSend(session, room);
            if (refusal != null) {
                if (!"NOTICE".equals(command)) {
                    ctx.reply(session, room == null ? Numerics.ERR_NOSUCHNICK : Numerics.ERR_CANNOTSENDTOCHAN,
                            open.target, refusal);
                }
                return;
            }
            for (int i = 0; i < Math.max(asBatch.size(), asLines.size()); i++) {
                int line = i;
                room.fanout(view -> render(view, pick(view, asBatch, asLines, line)), session, Audience.MEMBER);
            }
            kept = keep(session, open, asLines, msgid, now, room, null);
        } else {
            Session target = ctx.state().byNick(open.target).orElse(null);
            if (target == null || !target.registered()) {
                if (!"NOTICE".equals(command)) {
                    ctx.reply(session, Numerics.ERR_NOSUCHNICK, open.target, "No such nick/channel");
                }
                return;
            }
            if (target != session || !session.has(Capability.ECHO_MESSAGE)) {
                (multiline(target) ? asBatch : asLines).forEach(target::write);
            }
            Conversation conversation = Recording.conversation(ctx, session, target);
            kept = conversation.kept() && keep(session, open, asLines, msgid, now, null, conversation);
        }
        echo(session, open, asBatch, asLines, kept);
    }

    /**
     * A line as this view gets it. Views leave batch out (it would split every room's members in
     * two), but a client with multiline has batch too (the spec makes it), so its lines keep
     * their batch tag.
     */
    private static IrcMessage render(int view, IrcMessage line) {
        if (line == null) {
            return null;
        }
        return TagPolicy.forView(TagPolicy.has(view, Capability.MULTILINE) ? view | TagPolicy.bit(Capability.BATCH)
                : view, line);
    }

    private static IrcMessage pick(int view, List<IrcMessage> asBatch, List<IrcMessage> asLines, int line) {
        // A client that asks for multiline asks for batch too (the spec makes it).
        List<IrcMessage> form = TagPolicy.has(view, Capability.MULTILINE) ? asBatch : asLines;
        return line < form.size() ? form.get(line) : null;
    }

    private static boolean multiline(Session session) {
        return session.has(Capability.MULTILINE);
    }

    /**
     * The message to history as one entry under its id: its lines, and as its first line the one
     * clients without the capability got first (what a search's sender filter and REDACT read).
     */
    private boolean keep(Session session, Open open, List<IrcMessage> asLines, String msgid, long now, Room room,
                         Conversation conversation) {
        List<MultilineBody.Line> lines = new ArrayList<>();
        for (int i = 0; i < open.texts.size(); i++) {
            lines.add(new MultilineBody.Line(open.texts.get(i), open.concat.get(i)));
        }
        String account = session.account().orElse(null);
        HistoryRecord record = room != null
                ? HistoryRecord.room(Recording.roomTarget(ctx, room), msgid, now, account, asLines.get(0))
                : HistoryRecord.conversation(conversation, msgid, now, account, asLines.get(0));
        return ctx.history().record(record.withMultiline(new MultilineBody(lines)));
    }

    /** The sender's copy, the batch with its label, once history has it (as for any message). */
    private void echo(Session session, Open open, List<IrcMessage> asBatch, List<IrcMessage> asLines, boolean kept) {
        if (!session.has(Capability.ECHO_MESSAGE)) {
            if (open.label != null) {
                session.write(new IrcMessage(Map.of("label", open.label), ctx.serverName(), "ACK", List.of()));
            }
            return;
        }
        List<IrcMessage> copy = new ArrayList<>(multiline(session) ? asBatch : asLines);
        if (open.label != null && session.has(Capability.LABELED_RESPONSE)) {
            copy.set(0, copy.get(0).withTag("label", open.label));
        }
        if (!kept) {
            copy.forEach(session::write);
            return;
        }
        HistoryAccess.onceStored(ctx, session, () -> copy.forEach(session::write));
    }

    private void invalid(Session session, String description) {
        ctx.standardReply(session, "FAIL", "BATCH", "MULTILINE_INVALID", description);
    }
}
