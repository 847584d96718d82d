package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcNames;
import dev.parley.protocol.Numerics;
import dev.parley.server.delivery.Audience;
import dev.parley.server.room.Membership;
import dev.parley.server.room.MaskSubject;
import dev.parley.server.room.Room;
import dev.parley.server.session.Capability;
import dev.parley.server.session.Invites;
import dev.parley.server.session.Session;
import dev.parley.server.session.TagPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JOIN, PART, TOPIC, NAMES, LIST, KICK and INVITE: being in rooms. */
public final class RoomCommands {
    private static final Logger LOG = LoggerFactory.getLogger("parley.rooms");
    private static final int NAMES_LINE = 400;

    private final ServerContext ctx;

    public RoomCommands(ServerContext ctx) {
        this.ctx = ctx;
    }

    public void register(CommandTable table) {
        table.add("JOIN", 1, this::join)
                .add("PART", 1, this::part)
                .add("TOPIC", 1, this::topic)
                .add("NAMES", 0, this::names)
                .add("LIST", 0, this::list)
                .add("KICK", 2, this::kick)
                .add("INVITE", 0, this::invite);
    }

    // -- JOIN ------------------------------------------------------------------

    private void join(Session session, IrcMessage message) {
        if ("0".equals(message.param(0))) {
            for (Room room : new ArrayList<>(ctx.rooms().of(session))) {
                leave(session, room, IrcMessage.from(session.prefix(), "PART", room.name()));
            }
            return;
        }
        String[] names = message.param(0).split(",");
        String[] keys = message.param(1) == null ? new String[0] : message.param(1).split(",");
        for (int i = 0; i < names.length; i++) {
            if (!names[i].isEmpty()) {
                join(session, names[i], i < keys.length ? keys[i] : null);
            }
        }
    }

    /** Joins one room, checking every mode that may keep the client out. */
    public void join(Session session, String name, String key) {
        if (!IrcNames.validRoom(name, ServerContext.ROOM_LENGTH)) {
            ctx.reply(session, Numerics.ERR_NOSUCHCHANNEL, name, "No such channel");
            return;
        }
        Room room = ctx.rooms().find(name).orElse(null);
        if (room != null && room.has(session)) {
            return;
        }
        if (ctx.rooms().of(session).size() >= ctx.config().limits().maxRoomsPerUser()) {
            ctx.reply(session, Numerics.ERR_TOOMANYCHANNELS, name, "You have joined too many channels");
            return;
        }
        if (room != null) {
            String refusal = refusal(session, room, key);
            if (refusal != null) {
                ctx.reply(session, refusal, room.name(), switch (refusal) {
                    case Numerics.ERR_BANNEDFROMCHAN -> "Cannot join channel (+b)";
                    case Numerics.ERR_INVITEONLYCHAN -> "Cannot join channel (+i)";
                    case Numerics.ERR_BADCHANNELKEY -> "Cannot join channel (+k)";
                    default -> "Cannot join channel (+l)";
                });
                return;
            }
        }
        boolean created = room == null;
        room = ctx.rooms().join(session, name);
        if (created && ServerRooms.creatorIsOperator(ctx, name)) {
            room.operator(session, true);
        }
        session.invites().remove(ctx.state().fold(room.name()));
        LOG.info("{} joined {}", session.nick(), room.name());

        long now = System.currentTimeMillis();
        Map<String, String> tags = ctx.messageTags(session, now);
        IrcMessage plain = IrcMessage.from(session.prefix(), "JOIN", room.name()).withTags(tags);
        IrcMessage extended = IrcMessage.from(session.prefix(), "JOIN", room.name(),
                session.account().orElse("*"), session.realName()).withTags(tags);
        IrcMessage away = session.awayMessage()
                .map(text -> IrcMessage.from(session.prefix(), "AWAY", text).withTags(tags)).orElse(null);
        room.fanout(view -> TagPolicy.forView(view, TagPolicy.has(view, Capability.EXTENDED_JOIN) ? extended : plain),
                session, Audience.MEMBER);
        if (away != null) {
            room.fanout(view -> TagPolicy.has(view, Capability.AWAY_NOTIFY) ? TagPolicy.forView(view, away) : null,
                    session, Audience.MEMBER);
        }
        session.send(session.has(Capability.EXTENDED_JOIN) ? extended : plain);
        Recording.room(ctx, session, room, plain, now);
        if (room.topic().isPresent()) {
            sendTopic(session, room);
        }
        ctx.readMarkers().joined(session, room.name());
        if (!session.has(Capability.NO_IMPLICIT_NAMES)) {
            sendNames(session, room);
        }
        ServerRooms.opIfOperator(ctx, session, room);
    }

    /** The numeric that keeps {@code session} out of {@code room}, or null. */
    private String refusal(Session session, Room room, String key) {
        // Only a room operator's invite lets anyone past the room's rules; a member's is only news.
        boolean invited = session.invites().find(ctx.state().fold(room.name()), room, System.currentTimeMillis())
                .filter(Invites.Invite::fromOperator).isPresent();
        MaskSubject subject = MaskSubject.of(session);
        if (room.banned(subject, ctx.matcher()) && !invited) {
            return Numerics.ERR_BANNEDFROMCHAN;
        }
        if (room.inviteOnly() && !invited && !room.inviteExceptions().matches(subject, ctx.matcher())) {
            return Numerics.ERR_INVITEONLYCHAN;
        }
        if (room.key().isPresent() && !room.key().get().equals(key)) {
            return Numerics.ERR_BADCHANNELKEY;
        }
        if (room.limit() > 0 && room.size() >= room.limit() && !invited) {
            return Numerics.ERR_CHANNELISFULL;
        }
        return null;
    }

    // -- PART / KICK -------------------------------------------------------------

    private void part(Session session, IrcMessage message) {
        String reason = message.param(1);
        for (String name : message.param(0).split(",")) {
            Room room = ctx.rooms().find(name).orElse(null);
            if (room == null) {
                ctx.reply(session, Numerics.ERR_NOSUCHCHANNEL, name, "No such channel");
            } else if (!room.has(session)) {
                ctx.reply(session, Numerics.ERR_NOTONCHANNEL, room.name(), "You're not on that channel");
            } else {
                IrcMessage part = reason == null
                        ? IrcMessage.from(session.prefix(), "PART", room.name())
                        : IrcMessage.from(session.prefix(), "PART", room.name(), reason);
                leave(session, room, part);
            }
        }
    }

    /** Tells the room (the leaver included) and takes the leaver out. */
    private void leave(Session session, Room room, IrcMessage notice) {
        long now = System.currentTimeMillis();
        IrcMessage tagged = notice.withTags(ctx.messageTags(session, now));
        room.broadcast(tagged, session);
        Recording.room(ctx, session, room, tagged, now);
        ctx.rooms().leave(session, room);
        LOG.info("{} left {}", session.nick(), room.name());
    }

    private void kick(Session session, IrcMessage message) {
        Room room = ServerRooms.runBy(ctx, session, message.param(0));
        if (room == null) {
            return;
        }
        String reason = message.param(2) == null || message.param(2).isEmpty() ? session.nick() : message.param(2);
        if (reason.length() > ServerContext.KICK_LENGTH) {
            reason = reason.substring(0, ServerContext.KICK_LENGTH);
        }
        for (String nick : message.param(1).split(",")) {
            Session target = ctx.state().byNick(nick).orElse(null);
            if (target == null) {
                ctx.reply(session, Numerics.ERR_NOSUCHNICK, nick, "No such nick/channel");
            } else if (!room.has(target)) {
                ctx.reply(session, Numerics.ERR_USERNOTINCHANNEL, target.nick(), room.name(),
                        "They aren't on that channel");
            } else {
                long now = System.currentTimeMillis();
                IrcMessage kick = IrcMessage.from(session.prefix(), "KICK", room.name(), target.nick(), reason)
                        .withTags(ctx.messageTags(session, now));
                room.broadcast(kick, session);
                Recording.room(ctx, session, room, kick, now);
                ctx.rooms().leave(target, room);
                LOG.info("{} kicked {} from {}", session.nick(), target.nick(), room.name());
            }
        }
    }

    // -- TOPIC -------------------------------------------------------------------

    private void topic(Session session, IrcMessage message) {
        Room room = ctx.rooms().find(message.param(0)).orElse(null);
        if (room == null) {
            ctx.reply(session, Numerics.ERR_NOSUCHCHANNEL, message.param(0), "No such channel");
            return;
        }
        if (message.param(1) == null) {
            if (room.secret() && !room.has(session)) {
                ctx.reply(session, Numerics.ERR_NOTONCHANNEL, room.name(), "You're not on that channel");
            } else if (room.topic().isPresent()) {
                sendTopic(session, room);
            } else {
                ctx.reply(session, Numerics.RPL_NOTOPIC, room.name(), "No topic is set");
            }
            return;
        }
        if (!room.has(session)) {
            ctx.reply(session, Numerics.ERR_NOTONCHANNEL, room.name(), "You're not on that channel");
            return;
        }
        if (room.topicLocked() && !room.isOperator(session)) {
            ctx.reply(session, Numerics.ERR_CHANOPRIVSNEEDED, room.name(), "You're not channel operator");
            return;
        }
        String text = message.param(1);
        if (text.length() > ServerContext.TOPIC_LENGTH) {
            text = text.substring(0, ServerContext.TOPIC_LENGTH);
        }
        room.topic(text, session.prefix());
        long now = System.currentTimeMillis();
        IrcMessage change = IrcMessage.from(session.prefix(), "TOPIC", room.name(), text)
                .withTags(ctx.messageTags(session, now));
        room.broadcast(change, session);
        Recording.room(ctx, session, room, change, now);
    }

    /** What a client is told of a room it finds itself in: its topic and who is there. */
    void describe(Session session, Room room) {
        if (room.topic().isPresent()) {
            sendTopic(session, room);
        }
        sendNames(session, room);
    }

    private void sendTopic(Session session, Room room) {
        ctx.reply(session, Numerics.RPL_TOPIC, room.name(), room.topic().orElse(""));
        ctx.reply(session, Numerics.RPL_TOPICWHOTIME, room.name(), room.topicSetBy(),
                String.valueOf(room.topicSetAt().getEpochSecond()));
    }

    // -- NAMES / LIST ------------------------------------------------------------

    private void names(Session session, IrcMessage message) {
        if (message.param(0) == null) {
            ctx.reply(session, Numerics.RPL_ENDOFNAMES, "*", "End of /NAMES list");
            return;
        }
        for (String name : message.param(0).split(",")) {
            Room room = ctx.rooms().find(name).orElse(null);
            if (room == null || (room.secret() && !room.has(session))) {
                ctx.reply(session, Numerics.RPL_ENDOFNAMES, name, "End of /NAMES list");
            } else {
                sendNames(session, room);
            }
        }
    }

    /** RPL_NAMREPLY lines (as many as needed) and RPL_ENDOFNAMES. */
    public void sendNames(Session session, Room room) {
        boolean inside = room.has(session);
        boolean allPrefixes = session.has(Capability.MULTI_PREFIX);
        boolean userhosts = session.has(Capability.USERHOST_IN_NAMES);
        String symbol = room.secret() ? "@" : "=";
        StringBuilder line = new StringBuilder();
        for (Map.Entry<Session, Membership> entry : room.memberships().entrySet()) {
            Session member = entry.getKey();
            if (!inside && member.invisible()) {
                continue;
            }
            String item = entry.getValue().prefixes(allPrefixes) + (userhosts ? member.prefix() : member.nick());
            if (line.length() > 0 && line.length() + item.length() + 1 > NAMES_LINE) {
                ctx.reply(session, Numerics.RPL_NAMREPLY, symbol, room.name(), line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(item);
        }
        if (line.length() > 0) {
            ctx.reply(session, Numerics.RPL_NAMREPLY, symbol, room.name(), line.toString());
        }
        ctx.reply(session, Numerics.RPL_ENDOFNAMES, room.name(), "End of /NAMES list");
    }

    private void list(Session session, IrcMessage message) {
        ctx.reply(session, Numerics.RPL_LISTSTART, "Channel", "Users  Name");
        List<String> wanted = new ArrayList<>();
        int min = -1;
        int max = Integer.MAX_VALUE;
        if (message.param(0) != null) {
            for (String item : message.param(0).split(",")) {
                if (item.startsWith(">") && item.length() > 1) {
                    min = parseOr(item.substring(1), min);
                } else if (item.startsWith("<") && item.length() > 1) {
                    max = parseOr(item.substring(1), max);
                } else if (!item.isEmpty()) {
                    wanted.add(item);
                }
            }
        }
        List<Room> rooms = wanted.isEmpty() ? List.copyOf(ctx.rooms().all())
                : wanted.stream().map(n -> ctx.rooms().find(n).orElse(null)).filter(r -> r != null).toList();
        for (Room room : rooms) {
            if (room.secret() && !room.has(session)) {
                continue;
            }
            if (room.size() <= min || room.size() >= max) {
                continue;
            }
            ctx.reply(session, Numerics.RPL_LIST, room.name(), String.valueOf(room.size()), room.topic().orElse(""));
        }
        ctx.reply(session, Numerics.RPL_LISTEND, "End of /LIST");
    }

    private static int parseOr(String text, int fallback) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    // -- INVITE ------------------------------------------------------------------

    private void invite(Session session, IrcMessage message) {
        if (message.params().isEmpty()) {
            for (String room : session.invites().rooms(System.currentTimeMillis())) {
                ctx.reply(session, Numerics.RPL_INVITELIST, ctx.rooms().find(room).map(Room::name).orElse(room));
            }
            ctx.reply(session, Numerics.RPL_ENDOFINVITELIST, "End of /INVITE list");
            return;
        }
        if (message.params().size() < 2) {
            ctx.reply(session, Numerics.ERR_NEEDMOREPARAMS, "INVITE", "Not enough parameters");
            return;
        }
        Session target = ctx.state().byNick(message.param(0)).orElse(null);
        String roomName = message.param(1);
        Room room = ctx.rooms().find(roomName).orElse(null);
        if (room == null) {
            ctx.reply(session, Numerics.ERR_NOSUCHCHANNEL, roomName, "No such channel");
            return;
        }
        if (!room.has(session)) {
            ctx.reply(session, Numerics.ERR_NOTONCHANNEL, room.name(), "You're not on that channel");
            return;
        }
        if (room.inviteOnly() && !room.isOperator(session)) {
            ctx.reply(session, Numerics.ERR_CHANOPRIVSNEEDED, room.name(), "You're not channel operator");
            return;
        }
        if (target == null) {
            ctx.reply(session, Numerics.ERR_NOSUCHNICK, message.param(0), "No such nick/channel");
            return;
        }
        if (room.has(target)) {
            ctx.reply(session, Numerics.ERR_USERONCHANNEL, target.nick(), room.name(), "is already on channel");
            return;
        }
        target.invites().add(ctx.state().fold(room.name()), room, room.isOperator(session), System.currentTimeMillis());
        ctx.reply(session, Numerics.RPL_INVITING, target.nick(), room.name());
        IrcMessage invite = IrcMessage.from(session.prefix(), "INVITE", target.nick(), room.name())
                .withTags(ctx.eventTags(session));
        target.write(invite);
        target.awayMessage().ifPresent(away -> ctx.reply(session, Numerics.RPL_AWAY, target.nick(), away));
        room.fanout(view -> TagPolicy.has(view, Capability.INVITE_NOTIFY) ? TagPolicy.forView(view, invite) : null,
                session, Audience.OPERATOR);
    }
}
