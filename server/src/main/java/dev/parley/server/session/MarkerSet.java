package dev.parley.server.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Read markers (draft/read-marker): up to when each target has been read. A member's clients all
 * share one set, so a marker moved on one is news to the others; a guest's set is its own. Like
 * all session state, read and changed under the state lock.
 */
public final class MarkerSet {
    /** Targets one set may hold: enough for any person, not for a client that invents names. */
    public static final int LIMIT = 4096;

    private final String account;
    private final Map<String, Long> markers;
    private final List<Session> sessions = new ArrayList<>(1);

    /** @param account the casefolded account the set belongs to, or null for a guest's */
    public MarkerSet(String account, Map<String, Long> markers) {
        this.account = account;
        this.markers = new HashMap<>(markers);
    }

    public String account() {
        return account;
    }

    /** The clients sharing the set (read-only use). */
    public List<Session> sessions() {
        return sessions;
    }

    public void attach(Session session) {
        sessions.add(session);
    }

    public void detach(Session session) {
        sessions.remove(session);
    }

    public OptionalLong get(String foldedTarget) {
        Long time = markers.get(foldedTarget);
        return time == null ? OptionalLong.empty() : OptionalLong.of(time);
    }

    /**
     * A room was renamed: its marker goes with it, and whatever was kept for a room that had
     * the new name before is not this room's.
     */
    public void rename(String oldTarget, String newTarget) {
        Long time = markers.remove(oldTarget);
        markers.remove(newTarget);
        if (time != null) {
            markers.put(newTarget, time);
        }
    }

    /**
     * Moves the marker of {@code foldedTarget} to {@code time} unless it is already there or
     * later; true when it moved. A new target past {@link #LIMIT} is not taken.
     */
    public boolean advance(String foldedTarget, long time) {
        Long current = markers.get(foldedTarget);
        if (current != null && current >= time) {
            return false;
        }
        if (current == null && markers.size() >= LIMIT) {
            return false;
        }
        markers.put(foldedTarget, time);
        return true;
    }
}
