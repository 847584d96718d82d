package dev.parley.server.room;

import dev.parley.protocol.CaseMapping;
import dev.parley.server.delivery.Audience;
import dev.parley.server.delivery.Fanout;
import dev.parley.server.delivery.Rendering;
import dev.parley.server.session.Session;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which rooms exist and who is in which. The one place membership changes, so a room's members
 * and a client's rooms never disagree, and an empty room goes away. Changed only under the state lock.
 */
public final class Rooms {
    private final CaseMapping caseMapping;
    private final Map<String, Room> byName = new LinkedHashMap<>();
    /** Each client's rooms in the order it joined them; clients in no room are not here. */
    private final Map<Session, Room[]> bySession = new IdentityHashMap<>();

    public Rooms(CaseMapping caseMapping) {
        this.caseMapping = caseMapping;
    }

    public Optional<Room> find(String name) {
        return Optional.ofNullable(byName.get(caseMapping.fold(name)));
    }

    /** Every room, in the order they were made. */
    public Collection<Room> all() {
        return Collections.unmodifiableCollection(byName.values());
    }

    public int count() {
        return byName.size();
    }

    /** Puts {@code session} in the room called {@code name}, making the room when there is none. */
    public Room join(Session session, String name) {
        Room room = byName.computeIfAbsent(caseMapping.fold(name), k -> new Room(name));
        if (!room.has(session)) {
            room.add(session);
            Room[] before = bySession.get(session);
            Room[] after = before == null ? new Room[1] : Arrays.copyOf(before, before.length + 1);
            after[after.length - 1] = room;
            bySession.put(session, after);
        }
        return room;
    }

    /** Takes {@code session} out of {@code room}; the room goes when it is left empty. */
    public void leave(Session session, Room room) {
        if (!room.has(session)) {
            return;
        }
        room.remove(session);
        dropIfEmpty(room);
        Room[] before = bySession.get(session);
        if (before == null) {
            return;
        }
        if (before.length == 1) {
            bySession.remove(session);
            return;
        }
        Room[] after = new Room[before.length - 1];
        int i = 0;
        for (Room r : before) {
            if (r != room) {
                after[i++] = r;
            }
        }
        bySession.put(session, after);
    }

    /**
     * Gives {@code room} a new name (draft/channel-rename); false when another room has it. Its
     * members, modes and lists stay.
     */
    public boolean rename(Room room, String newName) {
        String newKey = caseMapping.fold(newName);
        String oldKey = caseMapping.fold(room.name());
        Room holder = byName.get(newKey);
        if (holder != null && holder != room) {
            return false;
        }
        byName.remove(oldKey);
        room.rename(newName);
        byName.put(newKey, room);
        return true;
    }

    /** Takes {@code session} out of every room it is in; returns them. */
    public List<Room> leaveAll(Session session) {
        Room[] rooms = bySession.remove(session);
        if (rooms == null) {
            return List.of();
        }
        for (Room room : rooms) {
            room.remove(session);
            dropIfEmpty(room);
        }
        return Arrays.asList(rooms);
    }

    private void dropIfEmpty(Room room) {
        if (room.empty()) {
            byName.remove(caseMapping.fold(room.name()));
        }
    }

    /** The rooms {@code session} is in, in the order it joined them. */
    public List<Room> of(Session session) {
        Room[] rooms = bySession.get(session);
        return rooms == null ? List.of() : Collections.unmodifiableList(Arrays.asList(rooms));
    }

    /**
     * Sends to everyone who shares a room with {@code session} (not to it), once each, as
     * {@code rendering} shows it to each view.
     */
    public void tellPeers(Session session, Rendering rendering) {
        Room[] rooms = bySession.get(session);
        if (rooms == null) {
            return;
        }
        List<Audience> audiences = new ArrayList<>(rooms.length);
        for (Room room : rooms) {
            audiences.add(room.audience());
        }
        Fanout.send(audiences, rendering, session);
    }

    /** Called when {@code session}'s view changed: the audiences of its rooms hold it. */
    public void viewChanged(Session session) {
        for (Room room : of(session)) {
            room.membersChanged();
        }
    }
}
