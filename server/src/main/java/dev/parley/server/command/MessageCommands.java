package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.MessageTags;
import dev.parley.protocol.Numerics;
import dev.parley.server.delivery.Audience;
import dev.parley.server.room.Room;
import dev.parley.server.session.Capability;
import dev.parley.server.session.Session;
import dev.parley.server.session.TagPolicy;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** PRIVMSG, NOTICE and TAGMSG: messages to rooms and to people. */
public final class MessageCommands {
    private final ServerContext ctx;

    public MessageCommands(ServerContext ctx) {
        this.ctx = ctx;
    }

    public void register(CommandTable table) {
        table.add("PRIVMSG", 0, (s, m) -> send(s, m, false))
                .add("NOTICE", 0, (s, m) -> send(s, m, true))
                .add("TAGMSG", 0, this::tagmsg);
    }

    private void send(Session session, IrcMessage message, boolean notice) {
        String command = message.command();
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
        Map<String, String> tags = ctx.messageTags(session);
        Map<String, String> clientTags = new LinkedHashMap<>();
        message.tags().forEach((key, value) -> {
            if (MessageTags.isClientOnly(key)) {
                clientTags.put(key, value);
            }
        });
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
        for (String target : targets) {
            if (target.isEmpty() || !seen.add(ctx.state().fold(target))) {
                continue;
            }
            IrcMessage out = text == null
                    ? new IrcMessage(tags, session.prefix(), command, java.util.List.of(target))
                    : new IrcMessage(tags, session.prefix(), command, java.util.List.of(target, text));
            String statusPrefix = "";
            String roomName = target;
            while (roomName.length() > 1 && (roomName.charAt(0) == '@' || roomName.charAt(0) == '+')) {
                statusPrefix += roomName.charAt(0);
                roomName = roomName.substring(1);
            }
            if (roomName.startsWith("#")) {
                toRoom(session, out, roomName, statusPrefix, command);
            } else {
                toUser(session, out, target, command, quiet);
            }
        }
    }

    private void toRoom(Session session, IrcMessage out, String name, String statusPrefix, String command) {
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
        if (session.has(Capability.ECHO_MESSAGE)) {
            session.send(out);
        }
    }

    /** Why {@code session} may not speak in {@code room}, or null when it may. */
    private String cannotSend(Session session, Room room) {
        boolean member = room.has(session);
        if (!member && room.noExternalMessages()) {
            return "Cannot send to channel (no external messages)";
        }
        if (room.moderated() && !room.isVoicedOrOperator(session)) {
            return "Cannot send to channel (+m)";
        }
        if (!room.isVoicedOrOperator(session) && room.banned(session.prefix(), ctx.matcher())) {
            return "Cannot send to channel (you're banned)";
        }
        return null;
    }

    private void toUser(Session session, IrcMessage out, String nick, String command, boolean quiet) {
        Session target = ctx.state().byNick(nick).orElse(null);
        if (target == null || !target.registered()) {
            if (!"NOTICE".equals(command)) {
                ctx.reply(session, Numerics.ERR_NOSUCHNICK, nick, "No such nick/channel");
            }
            return;
        }
        boolean hidden = "TAGMSG".equals(command) && !target.has(Capability.MESSAGE_TAGS);
        if (target == session) {
            // Once as the recipient, and once more as the echo when the client asked for echoes.
            if (session.has(Capability.ECHO_MESSAGE)) {
                if (!hidden) {
                    session.write(out);
                }
                session.send(out);
            } else if (!hidden) {
                session.send(out);
            }
        } else {
            if (!hidden) {
                target.write(out);
            }
            if (session.has(Capability.ECHO_MESSAGE)) {
                session.send(out);
            }
        }
        if (!quiet && "PRIVMSG".equals(command)) {
            target.awayMessage().ifPresent(away -> ctx.reply(session, Numerics.RPL_AWAY, target.nick(), away));
        }
    }
}
