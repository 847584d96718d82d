package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.MessageTags;
import dev.parley.protocol.Numerics;
import dev.parley.server.delivery.Audience;
import dev.parley.server.history.Conversation;
import dev.parley.server.history.HistoryRecord;
import dev.parley.server.history.Identity;
import dev.parley.server.room.MaskSubject;
import dev.parley.server.room.Room;
import dev.parley.server.session.Capability;
import dev.parley.server.session.Receipts;
import dev.parley.server.session.Session;
import dev.parley.server.session.TagPolicy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** PRIVMSG, NOTICE and TAGMSG: messages to rooms and to people. */
public final class MessageCommands {
    private final ServerContext ctx;
    private final MemberDirectory members;
    private java.util.function.BiPredicate<Session, IrcMessage> batchLines = (session, message) -> false;

    public MessageCommands(ServerContext ctx, MemberDirectory members) {
        this.ctx = ctx;
        this.members = members;
    }

    /** Who takes PRIVMSG and NOTICE lines that belong to a client batch (draft/multiline). */
    void batchLines(java.util.function.BiPredicate<Session, IrcMessage> taker) {
        batchLines = taker;
    }

    public void register(CommandTable table) {
        table.add("PRIVMSG", 0, (s, m) -> send(s, m, false))
                .add("NOTICE", 0, (s, m) -> send(s, m, true))
                .add("TAGMSG", 0, this::tagmsg);
    }

    private void send(Session session, IrcMessage message, boolean notice) {
        String command = message.command();
        if (message.tags().containsKey("batch") && batchLines.test(session, message)) {
            return;
        }
        if (message.param(0) == null || message.param(0).isEmpty()) {
            ctx.reply(session, Numerics.ERR_NORECIPIENT, "No recipient given (" + command + ")");
            return;
        }
        if (message.param(1) == null || message.param(1).isEmpty()) {
            ctx.reply(session, Numerics.ERR_NOTEXTTOSEND, "No text to send");
            return;
        }
        session.touch();
        deliver(session, message, command, message.param(1), notice);
    }

    private void tagmsg(Session session, IrcMessage message) {
        if (message.param(0) == null || message.param(0).isEmpty()) {
            ctx.reply(session, Numerics.ERR_NORECIPIENT, "No recipient given (TAGMSG)");
            return;
        }
        deliver(session, message, "TAGMSG", null, true);
    }

    private void deliver(Session session, IrcMessage message, String command, String text, boolean quiet) {
        long now = System.currentTimeMillis();
        Map<String, String> tags = ctx.messageTags(session, now);
        Map<String, String> clientTags = MessageTags.clientOnly(message.tags());
        tags.putAll(clientTags);
        if (text == null && clientTags.isEmpty()) {
            return; // a TAGMSG with nothing to carry
        }
        Set<String> seen = new LinkedHashSet<>();
        String[] targets = message.param(0).split(",");
        if (targets.length > ServerContext.MAX_TARGETS) {
            ctx.reply(session, Numerics.ERR_TOOMANYTARGETS, message.param(0), "Too many targets");
            return;
        }
        ctx.metrics().messageAccepted();
        Echoes echoes = new Echoes(session);
        List<IrcMessage> toOffline = new ArrayList<>(0);
        for (String target : targets) {
            if (target.isEmpty() || !seen.add(ctx.state().fold(target))) {
                continue;
            }
            if (targets.length > 1) {
                tags = ctx.messageTags(session, now); // each target its own message id
                tags.putAll(clientTags);
            }
            IrcMessage out = text == null
                    ? new IrcMessage(tags, session.prefix(), command, List.of(target))
                    : new IrcMessage(tags, session.prefix(), command, List.of(target, text));
            String statusPrefix = "";
            String roomName = target;
            while (roomName.length() > 1 && (roomName.charAt(0) == '@' || roomName.charAt(0) == '+')) {
                statusPrefix += roomName.charAt(0);
                roomName = roomName.substring(1);
            }
            if (roomName.startsWith("#")) {
                toRoom(session, out, roomName, statusPrefix, command, now, echoes);
            } else {
                toUser(session, out, target, command, quiet, now, echoes, toOffline);
            }
        }
        if (toOffline.isEmpty()) {
            echoes.send(ctx);
        } else {
            keepForMembers(session, toOffline, command, now, echoes);
        }
    }

    private void toRoom(Session session, IrcMessage out, String name, String statusPrefix, String command,
                        long now, Echoes echoes) {
        Room room = ctx.rooms().find(name).orElse(null);
        if (room == null) {
            if (!"NOTICE".equals(command)) {
                ctx.reply(session, Numerics.ERR_NOSUCHNICK, name, "No such nick/channel");
            }
            return;
        }
        String refusal = cannotSend(session, room);
        if (refusal != null) {
            if (!"NOTICE".equals(command)) {
                ctx.reply(session, Numerics.ERR_CANNOTSENDTOCHAN, room.name(), refusal);
            }
            return;
        }
        int minRank = statusPrefix.contains("@") ? Audience.OPERATOR
                : statusPrefix.contains("+") ? Audience.VOICED : Audience.MEMBER;
        if ("TAGMSG".equals(command)) {
            room.fanout(view -> TagPolicy.has(view, Capability.MESSAGE_TAGS) ? TagPolicy.forView(view, out) : null,
                    session, minRank);
        } else {
            room.fanout(view -> TagPolicy.forView(view, out), session, minRank);
        }
        // A message for some members only (@#room) is not the room's history.
        boolean kept = minRank == Audience.MEMBER && Recording.room(ctx, session, room, out, now);
        echoes.add(out, kept);
    }
    /** Why {@code session} may not speak in {@code room}, or null when it may. */
    String cannotSend(Session session, Room room) {
        boolean member = room.has(session);
        if (!member && room.noExternalMessages()) {
            return "Cannot send to channel (no external messages)";
        }
        if (room.moderated() && !room.isVoicedOrOperator(session)) {
            return "Cannot send to channel (+m)";
        }
        // Most rooms have no ban list: nothing to build or match on the way of every message.
        if (!room.bans().isEmpty() && !room.isVoicedOrOperator(session)) {
            MaskSubject subject = MaskSubject.of(session);
            if (room.banned(subject, ctx.matcher())) {
                return "Cannot send to channel (you're banned)";
            }
            if (room.muted(subject, ctx.matcher())) {
                return "Cannot send to channel (you're muted)";
            }
        }
        return null;
    }

    private void toUser(Session session, IrcMessage out, String nick, String command, boolean quiet,
                        long now, Echoes echoes, List<IrcMessage> toOffline) {
        Session target = ctx.state().byNick(nick).orElse(null);
        if (target == null && ctx.history().enabled()) {
            toOffline.add(out); // perhaps a member, who will read it on their return
            return;
        }
        if (target == null || !target.registered()) {
            if (!"NOTICE".equals(command)) {
                ctx.reply(session, Numerics.ERR_NOSUCHNICK, nick, "No such nick/channel");
            }
            return;
        }
        boolean hidden = "TAGMSG".equals(command) && !target.has(Capability.MESSAGE_TAGS);
        if (!hidden) {
            // To oneself: once as the recipient here, and once more as the echo if asked for
            // (without echoes, this copy is the labeled reply).
            if (target == session && !session.has(Capability.ECHO_MESSAGE)) {
                session.send(out);
            } else {
                target.write(out);
            }
        }
        Conversation conversation = Recording.conversation(ctx, session, target);
        boolean kept = conversation.kept() && ctx.history().record(
                HistoryRecord.conversation(conversation, out.tags().get("msgid"), now,
                        session.account().orElse(null), out));
        echoes.add(out, kept);
        if (!quiet && "PRIVMSG".equals(command)) {
            target.awayMessage().ifPresent(away -> ctx.reply(session, Numerics.RPL_AWAY, target.nick(), away));
        }
    }

    /**
     * Messages to nicks nobody is using: those that name a member are kept in history for them
     * (they see them when they come back, as with mail); the rest get the usual 401. Whether a
     * name is a member's is a database read, so the session waits for it off the event loop.
     */
    private void keepForMembers(Session session, List<IrcMessage> messages, String command, long now, Echoes echoes) {
        List<CompletableFuture<Optional<String>>> lookups = new ArrayList<>();
        for (IrcMessage message : messages) {
            lookups.add(members.find(message.param(0)).exceptionally(error -> Optional.empty()));
        }
        session.commands().suspend();
        CompletableFuture.allOf(lookups.toArray(new CompletableFuture<?>[0])).whenComplete((done, error) ->
                session.commands().resume(() -> {
                    for (int i = 0; i < messages.size(); i++) {
                        IrcMessage out = messages.get(i);
                        Optional<String> member = lookups.get(i).getNow(Optional.empty());
                        if (member.isEmpty()) {
                            if (!"NOTICE".equals(command)) {
                                ctx.reply(session, Numerics.ERR_NOSUCHNICK, out.param(0), "No such nick/channel");
                            }
                            continue;
                        }
                        Conversation conversation = Conversation.between(Recording.identity(ctx, session),
                                Identity.ofAccount(member.get()));
                        boolean kept = ctx.history().record(HistoryRecord.conversation(conversation,
                                out.tags().get("msgid"), now, session.account().orElse(null), out));
                        echoes.add(out, kept);
                        if (kept && "PRIVMSG".equals(command)) {
                            ctx.reply(session, Numerics.RPL_AWAY, out.param(0),
                                    "Not connected; they will find your message when they return");
                        }
                    }
                    echoes.send(ctx);
                }));
    }

    /**
     * The sender's own copies (echo-message) of what it sent. Everyone else has theirs at once;
     * the sender's copy is its receipt, so for a message kept in history it comes only once
     * history has it. Its place among what the sender is sent is kept meanwhile
     * ({@code Receipts}) and the sender's next messages are handled; a labeled message, or one
     * past {@link Receipts#MAX_WAITING} waiting echoes, suspends the session until it is stored
     * instead (a labeled response is answered as a whole; a client that sends faster than
     * history stores is slowed down).
     */
    private static final class Echoes {
        private final Session sender;
        private final List<IrcMessage> messages = new ArrayList<>(1);
        private boolean waitForHistory;

        Echoes(Session sender) {
            this.sender = sender;
        }

        void add(IrcMessage echo, boolean kept) {
            if (sender.has(Capability.ECHO_MESSAGE)) {
                messages.add(echo);
                waitForHistory |= kept;
            }
        }

        void send(ServerContext ctx) {
            if (messages.isEmpty()) {
                return;
            }
            if (!waitForHistory) {
                messages.forEach(sender::send);
                return;
            }
            if (sender.label().isEmpty() && sender.commands().receiptsWaiting() < Receipts.MAX_WAITING) {
                Receipts.Slot slot = sender.commands().reserveReceipt();
                ctx.history().afterPending(() -> sender.commands().later(() -> sender.deliverReceipt(slot, messages)));
                return;
            }
            HistoryAccess.onceStored(ctx, sender, () -> messages.forEach(sender::send));
        }
    }
}
