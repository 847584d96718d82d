package dev.parley.client.chat;

import dev.parley.client.render.Renderer;
import dev.parley.client.render.Renderer.Context;
import dev.parley.protocol.IrcMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * What happens in and to rooms: people coming and going, kicks, topics; and the user's own JOIN,
 * which asks for the room's names and history, shown before the room's live lines.
 */
final class RoomEvents {
    /** History shown on joining a room when the terminal's height is unknown: about a screenful. */
    private static final int HISTORY_LINES = 20;

    private final ChatState state;
    private final Rooms rooms;
    private final Who who;
    private final History history;
    private final EarlierLines earlier;
    private final Screen screen;
    private final Renderer renderer;
    private final Clock clock;

    RoomEvents(ChatState state, Rooms rooms, Who who, History history, EarlierLines earlier, Screen screen,
               Renderer renderer, Clock clock) {
        this.state = state;
        this.rooms = rooms;
        this.who = who;
        this.history = history;
        this.earlier = earlier;
        this.screen = screen;
        this.renderer = renderer;
        this.clock = clock;
    }

    void join(String nick, IrcMessage message) {
        String roomName = message.param(0);
        if (message.params().size() >= 3) {
            state.people.learn(nick, message.param(2), message.param(1)); // extended-join
        } else {
            state.people.learn(nick, null, message.tags().get("account"));
        }
        if (!state.isMe(nick)) {
            inRoom(roomName, message, where -> renderer.arrival(where, state.people.display(nick)));
            return;
        }
        boolean asked = rooms.joined(roomName, history.available());
        if (asked) {
            info("Now talking in " + roomName + ".");
        }
        // WHO first: the server answers in order, so the members' names are in before the history.
        who.ask(roomName);
        requestHistory(rooms.get(roomName));
    }

    private void requestHistory(Rooms.Room room) {
        if (!history.available()) {
            return;
        }
        int limit = state.historyLimit(screenful());
        String name = room.name;
        if (room.lastSeenText != null) {
            history.after(name, "timestamp=" + room.lastSeenText, limit, batch -> showRoomHistory(name, batch));
        } else {
            history.latest(name, limit, batch -> showRoomHistory(name, batch));
        }
    }

    /** About one screen of history: the terminal's height less the lines around it, else 20. */
    private int screenful() {
        int height = screen.height();
        return height > 0 ? Math.max(5, height - 4) : HISTORY_LINES;
    }

    private void showRoomHistory(String roomName, List<IrcMessage> batch) {
        earlier.prepare(batch, messages -> {
            messages.forEach(message -> rooms.noteSeen(roomName, message));
            rooms.historyReady(roomName, clock.instant(),
                    () -> earlier.render(renderer.earlierIn(roomName), messages, rooms));
        });
    }

    /** History the server sent without being asked (some servers play it on joining). */
    void unaskedHistory(String target, List<IrcMessage> batch) {
        if (state.isRoom(target)) {
            showRoomHistory(target, batch);
        } else {
            earlier.prepare(batch, messages -> screen.show(earlier.render(
                    renderer.earlierWith(state.people.display(target)), messages, rooms)));
        }
    }

    void part(String nick, IrcMessage message) {
        String roomName = message.param(0);
        if (!state.isMe(nick)) {
            inRoom(roomName, message, where -> renderer.departure(where, state.people.display(nick), message.param(1)));
            return;
        }
        boolean wasCurrent = rooms.left(roomName);
        info("You left " + roomName + ".");
        if (wasCurrent) {
            saySwitched();
        }
    }

    void kick(String kicker, IrcMessage message) {
        String roomName = message.param(0);
        String target = message.param(1);
        String reason = message.param(2);
        String why = reason == null || reason.isEmpty() || state.people.same(reason, kicker) ? "" : " (" + reason + ")";
        if (state.isMe(target)) {
            boolean wasCurrent = rooms.left(roomName);
            info("You were removed from " + roomName + " by " + state.people.display(kicker) + why + ".");
            if (wasCurrent) {
                saySwitched();
            }
        } else {
            inRoom(roomName, message, where -> renderer.info(where, state.people.display(target)
                    + " was removed from the chat by " + (state.isMe(kicker) ? "you" : state.people.display(kicker))
                    + why + "."));
        }
    }

    private void saySwitched() {
        info(rooms.current() == null ? "You are in no room now; /join #room to enter one."
                : "Now talking in " + rooms.current() + ".");
    }

    void topic(String nick, IrcMessage message) {
        String roomName = message.param(0);
        String text = message.param(1);
        inRoom(roomName, message, where -> renderer.info(where, (state.isMe(nick) ? "You" : state.people.display(nick))
                        + (text == null || text.isEmpty() ? " cleared the topic." : " set the topic to: " + text)));
    }

    /**
     * A line about someone in a room: in turn with the room's other lines (some may be waiting for
     * names), rendered when shown.
     */
    private void inRoom(String roomName, IrcMessage message, Function<Context, String> line) {
        Instant late = ChatState.late(message, clock.instant());
        rooms.show(roomName, false, clock.instant(), () -> line.apply(rooms.context(roomName, late)));
    }

    private void info(String text) {
        screen.show(renderer.info(Context.LIVE, text));
    }
}
