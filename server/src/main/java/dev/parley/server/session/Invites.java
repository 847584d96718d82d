package dev.parley.server.session;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The invites one client holds: at most {@value #MAX} (the oldest gives way), each for one room
 * as it exists now (a room closed and opened again under the same name is another room) and for
 * {@value #LIFETIME_MINUTES} minutes. Only an invite from a room operator lets its holder past a
 * ban, the invite-only mode or the member limit; an invite from any other member is only news.
 * Owned by the state lock, like the rest of the session.
 */
public final class Invites {
    public static final int MAX = 16;
    public static final int LIFETIME_MINUTES = 60;
    private static final long LIFETIME_MILLIS = LIFETIME_MINUTES * 60_000L;

    /** One invite: {@code room} is the room object itself, so that the invite ends with it. */
    public record Invite(Object room, boolean fromOperator, long expiresAtMillis) {
    }

    private final Map<String, Invite> byRoom = new LinkedHashMap<>();

    /** Records an invite to {@code room} (case-folded name {@code foldedName}), replacing one held for it. */
    public void add(String foldedName, Object room, boolean fromOperator, long nowMillis) {
        Invite held = byRoom.remove(foldedName);
        // A member's invite must not weaken an operator's still in force.
        boolean operator = fromOperator || (held != null && held.room() == room && held.fromOperator()
                && held.expiresAtMillis() > nowMillis);
        byRoom.put(foldedName, new Invite(room, operator, nowMillis + LIFETIME_MILLIS));
        while (byRoom.size() > MAX) {
            Iterator<String> oldest = byRoom.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** The invite in force for {@code room}, if any. */
    public Optional<Invite> find(String foldedName, Object room, long nowMillis) {
        Invite invite = byRoom.get(foldedName);
        if (invite == null || invite.room() != room || invite.expiresAtMillis() <= nowMillis) {
            return Optional.empty();
        }
        return Optional.of(invite);
    }

    /** Used up by joining. */
    public void remove(String foldedName) {
        byRoom.remove(foldedName);
    }

    /** The case-folded names of the rooms with an invite still in force, oldest first. */
    public List<String> rooms(long nowMillis) {
        byRoom.values().removeIf(invite -> invite.expiresAtMillis() <= nowMillis);
        return new ArrayList<>(byRoom.keySet());
    }
}
