package dev.parley.client.chat;

import dev.parley.client.render.Renderer.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The rooms the user is in (or was in before the connection broke, to join them again), the one
 * their lines go to, and each room's first moments.
 *
 * <p>Right after the user's own JOIN the client does not know the real names of the people
 * already in the room: those come with the answer to its WHO. A line from someone whose name is
 * not known yet is therefore held, and every later line of the room behind it, in order, until
 * the answer is complete (315) and the room's history is shown; only then are they rendered, with
 * the names known by then, after the history. A room is never held for long: at most
 * {@link #MAX_HOLD} (looked at whenever a message arrives or the user types) or {@link #MAX_HELD}
 * lines, and never past the room's PART or the connection's end.
 */
final class Rooms {
    static final Duration MAX_HOLD = Duration.ofSeconds(10);
    private static final int MAX_HELD = 200;

    /** One room, by the name the server gave it. */
    static final class Room {
        String name;
        boolean joined;
        /** The newest line seen, as the server wrote its time: history resumes after it on joining again. */
        String lastSeenText;
        private Instant lastSeen;
        /** Since when the room has lines (or history) waiting; null when its lines are shown as they come. */
        private Instant heldSince;
        /** From the user's JOIN to the end of the room's WHO: the names of its members are not in yet. */
        private boolean namesPending;
        private boolean historyPending;
        private Supplier<List<String>> history;
        private final List<Supplier<String>> held = new ArrayList<>();

        Room(String name) {
            this.name = name;
        }
    }

    private final ChatState state;
    private final Screen screen;
    /** By folded name, in the order joined. */
    private final Map<String, Room> byName = new LinkedHashMap<>();
    /** Rooms the user asked to join with /join: their JOIN makes them the current room. */
    private final Set<String> joinsAsked = new HashSet<>();
    private String current;

    Rooms(ChatState state, Screen screen) {
        this.state = state;
        this.screen = screen;
    }

    Room get(String name) {
        return name == null ? null : byName.get(state.fold(name));
    }

    Collection<Room> all() {
        return byName.values();
    }

    /** The room lines are sent to, or null. */
    String current() {
        return current;
    }

    void talkIn(String name) {
        current = name;
    }

    boolean isJoined(String name) {
        Room room = get(name);
        return room != null && room.joined;
    }

    void joinAsked(String name) {
        joinsAsked.add(state.fold(name));
    }

    /**
     * The user's own JOIN came back: the room is joined; its names are awaited until
     * {@link #namesComplete} and, when history was asked for, its history until {@link #historyReady}.
     *
     * @return whether the user asked for it with /join (rather than the server or a reconnection)
     */
    boolean joined(String name, boolean historyAsked) {
        Room room = byName.computeIfAbsent(state.fold(name), k -> new Room(name));
        settle(room); // joined again while still held: show what was held so far
        room.name = name;
        room.joined = true;
        room.namesPending = true;
        room.historyPending = historyAsked;
        boolean asked = joinsAsked.remove(state.fold(name));
        if (current == null || asked || get(current) == null) {
            current = name;
        }
        return asked;
    }

    /**
     * A line of a room, rendered when shown: at once, unless it must wait for the room's names
     * or comes after a line that does.
     *
     * @param needsNames whether the line shows someone whose real name is not known yet
     */
    void show(String roomName, boolean needsNames, Instant now, Supplier<String> line) {
        Room room = get(roomName);
        boolean hold = room != null && (room.heldSince != null || (needsNames && room.namesPending));
        if (!hold) {
            screen.show(line.get());
            return;
        }
        if (room.heldSince == null) {
            room.heldSince = now;
        }
        room.held.add(line);
        if (room.held.size() > MAX_HELD) {
            settle(room);
        }
    }

    /** The answer to a WHO is complete; for a room, its members' names are known now. */
    void namesComplete(String mask) {
        Room room = get(mask);
        if (room != null && room.namesPending) {
            room.namesPending = false;
            settleWhenReady(room);
        }
    }

    /**
     * A room's history is ready: shown now, or first when the room's lines are released if some
     * are held or the names in it may not all be known yet.
     */
    void historyReady(String roomName, Instant now, Supplier<List<String>> lines) {
        Room room = get(roomName);
        if (room == null || !room.historyPending) {
            screen.show(lines.get());
            return;
        }
        room.history = lines;
        room.historyPending = false;
        if (room.heldSince == null) {
            room.heldSince = now; // waiting for the names, and bounded like held lines
        }
        settleWhenReady(room);
    }

    /**
     * Shows what rooms held for longer than {@link #MAX_HOLD}, and waits no longer for their names
     * and history: the server is slow, and live lines matter more.
     */
    void releaseOverdue(Instant now) {
        for (Room room : byName.values()) {
            if (room.heldSince != null && room.heldSince.plus(MAX_HOLD).isBefore(now)) {
                settle(room);
            }
        }
    }

    /**
     * The user left a room (PART or KICK).
     *
     * @return whether it was the current room; then another one is current now, or none
     */
    boolean left(String roomName) {
        Room room = byName.remove(state.fold(roomName));
        if (room != null) {
            settle(room);
        }
        if (current == null || !state.people.same(current, roomName)) {
            return false;
        }
        current = byName.values().stream().filter(r -> r.joined).map(r -> r.name).findFirst().orElse(null);
        return true;
    }

    /** The connection broke: nothing held waits any longer, and every room is to be joined again. */
    void disconnected() {
        for (Room room : byName.values()) {
            settle(room);
            room.joined = false;
        }
    }

    /** Remembers the time of a room's newest line, for history to resume after it. */
    void noteSeen(String roomName, TextMessage message) {
        Room room = get(roomName);
        if (room != null && message.time() != null
                && (room.lastSeen == null || message.time().isAfter(room.lastSeen))) {
            room.lastSeen = message.time();
            room.lastSeenText = message.timeText();
        }
    }

    /** Where a line belongs: the room's name unless it is the current room; the time when it has one. */
    Context context(String roomName, Instant time) {
        boolean label = roomName != null && (current == null || !state.people.same(roomName, current));
        return new Context(label ? roomName : null, time);
    }

    private void settleWhenReady(Room room) {
        if (!room.namesPending && !room.historyPending) {
            settle(room);
        }
    }

    /** Shows the room's history and held lines, in that order, and waits for nothing more. */

    private void settle(Room room) {
        room.heldSince = null;
        room.namesPending = false;
        room.historyPending = false;
        if (room.history != null) {
            screen.show(room.history.get());
            room.history = null;
        }
        List<Supplier<String>> waiting = List.copyOf(room.held);
        room.held.clear();
        waiting.forEach(line -> screen.show(line.get()));
    }
}
