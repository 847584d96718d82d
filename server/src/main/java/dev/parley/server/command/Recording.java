package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.history.Conversation;
import dev.parley.server.history.HistoryRecord;
import dev.parley.server.history.Identity;
import dev.parley.server.room.Room;
import dev.parley.server.session.Session;

/**
 * How commands hand what happens to history: a room's messages and events under the room's
 * folded name, a private message under its conversation. Called under the state lock, in the
 * order things happen, which is the order history keeps.
 */
final class Recording {
    private Recording() {
    }

    /** Keeps {@code message} (tagged with its msgid) as said or done in {@code room} at {@code millis}. */
    static boolean room(ServerContext ctx, Session sender, Room room, IrcMessage message, long millis) {
        return ctx.history().record(HistoryRecord.room(roomTarget(ctx, room), message.tags().get("msgid"), millis,
                sender.account().orElse(null), message));
    }

    /** The history target of a room. */
    static String roomTarget(ServerContext ctx, Room room) {
        return ctx.state().fold(room.name());
    }

    /** Who {@code session} is to private history: its account, or its nick while a guest. */
    static Identity identity(ServerContext ctx, Session session) {
        return session.account().map(Identity::ofAccount)
                .orElseGet(() -> Identity.ofGuest(ctx.state().fold(session.nick()), session.nick()));
    }

    static Conversation conversation(ServerContext ctx, Session a, Session b) {
        return Conversation.between(identity(ctx, a), identity(ctx, b));
    }
}
