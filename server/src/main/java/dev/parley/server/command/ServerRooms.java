package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.Numerics;
import dev.parley.server.room.Membership;
import dev.parley.server.room.Room;
import dev.parley.server.session.Session;
import java.time.Instant;
import java.util.Map;

/**
 * The rooms in {@code [rooms] auto_join} belong to the server. Everyone is put in them, so the
 * usual IRC rule (whoever creates a room is its operator) would hand the shared room to whichever
 * member happened to arrive first after a restart, free to make it invite-only or ban the rest.
 * Here nobody becomes operator of a server room by arriving first; IRC operators (OPER) are its
 * operators instead, given +o by the server when they join or when they OPER.
 */
final class ServerRooms {
    private ServerRooms() {
    }

    static boolean contains(ServerContext ctx, String roomName) {
        String folded = ctx.state().fold(roomName);
        return ctx.config().rooms().autoJoin().stream().anyMatch(r -> ctx.state().fold(r).equals(folded));
    }

    /** Whether the one who creates {@code roomName} by joining it becomes its operator. */
    static boolean creatorIsOperator(ServerContext ctx, String roomName) {
        return !contains(ctx, roomName);
    }

    /** Makes an IRC operator an operator of {@code room} if it is a server room, telling the room. */
    static void opIfOperator(ServerContext ctx, Session session, Room room) {
        Membership membership = room.membership(session).orElse(null);
        if (membership == null || membership.operator() || !session.operator() || !contains(ctx, room.name())) {
            return;
        }
        room.operator(session, true);
        room.broadcast(IrcMessage.from(ctx.serverName(), "MODE", room.name(), "+o", session.nick())
                .withTags(Map.of("time", ctx.serverTime(Instant.now()))), session);
    }

    /** After a successful OPER: operator of every server room the user is already in. */
    static void opInAll(ServerContext ctx, Session session) {
        for (Room room : ctx.rooms().of(session)) {
            opIfOperator(ctx, session, room);
        }
    }

    /**
     * The room called {@code name} if {@code session} is one of its operators; otherwise null,
     * after the numeric that says why (no such room, not in it, not its operator).
     */
    static Room runBy(ServerContext ctx, Session session, String name) {
        Room room = ctx.rooms().find(name).orElse(null);
        if (room == null) {
            ctx.reply(session, Numerics.ERR_NOSUCHCHANNEL, name, "No such channel");
        } else if (!room.has(session)) {
            ctx.reply(session, Numerics.ERR_NOTONCHANNEL, room.name(), "You're not on that channel");
        } else if (!room.isOperator(session)) {
            ctx.reply(session, Numerics.ERR_CHANOPRIVSNEEDED, room.name(), "You're not channel operator");
        } else {
            return room;
        }
        return null;
    }
}
