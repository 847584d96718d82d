package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcNames;
import dev.parley.server.room.Room;
import dev.parley.server.session.Capability;
import dev.parley.server.session.Session;
import java.util.List;

/**
 * RENAME (IRCv3 draft/channel-rename): a room operator gives the room a new name. Members keep
 * their place, modes and lists stay, and its history and read markers follow it. Clients with the capability are
 * sent RENAME; the others see the room parted and the new one joined, with its topic and names.
 */
public final class RenameCommands {
    private final ServerContext ctx;
    private final RoomCommands rooms;

    public RenameCommands(ServerContext ctx, RoomCommands rooms) {
        this.ctx = ctx;
        this.rooms = rooms;
    }

    public void register(CommandTable table) {
        table.add("RENAME", 2, this::rename);
    }

    private void rename(Session session, IrcMessage message) {
        String oldName = message.param(0);
        String newName = message.param(1);
        String reason = message.param(2) == null ? "" : message.param(2);
        Room room = ServerRooms.runBy(ctx, session, oldName);
        if (room == null) {
            return;
        }
        if (!IrcNames.validRoom(newName, ServerContext.ROOM_LENGTH) || ServerRooms.contains(ctx, room.name())
                || ServerRooms.contains(ctx, newName)) {
            ctx.standardReply(session, "FAIL", "RENAME", "CANNOT_RENAME", List.of(room.name(), newName),
                    "The room cannot have that name");
            return;
        }
        String before = room.name();
        String oldTarget = Recording.roomTarget(ctx, room);
        boolean sameRoom = ctx.state().fold(before).equals(ctx.state().fold(newName));
        if (!sameRoom && ctx.rooms().find(newName).isPresent()) {
            ctx.standardReply(session, "FAIL", "RENAME", "CHANNEL_NAME_IN_USE", List.of(before, newName),
                    "A room of that name exists");
            return;
        }
        ctx.rooms().rename(room, newName);
        String newTarget = Recording.roomTarget(ctx, room);
        ctx.history().rename(oldTarget, newTarget);
        if (!oldTarget.equals(newTarget)) {
            ctx.readMarkers().renamed(ctx.state().registeredUsers(), oldTarget, newTarget);
        }
        IrcMessage renamed = IrcMessage.from(session.prefix(), "RENAME", before, newName, reason)
                .withTags(ctx.eventTags(session));
        for (Session member : List.copyOf(room.members())) {
            if (member.has(Capability.CHANNEL_RENAME)) {
                member.write(renamed);
            } else {
                // As if the member left the old room and found itself in the new one.
                member.write(IrcMessage.from(member.prefix(), "PART", before, "Renamed to " + newName
                        + (reason.isEmpty() ? "" : ": " + reason)));
                member.write(IrcMessage.from(member.prefix(), "JOIN", newName));
                rooms.describe(member, room);
            }
        }
        room.membersChanged();
    }
}
