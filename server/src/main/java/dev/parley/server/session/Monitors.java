package dev.parley.server.session;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Who watches which nick (IRCv3 MONITOR): an index from folded nick to watchers, and each watcher's
 * own list in the case it was given. Changed only under the state lock.
 */
public final class Monitors {
    /** Nicks one client may watch (ISUPPORT MONITOR). */
    public static final int LIMIT = 100;

    private final ServerState state;
    private final Map<String, Set<Session>> watchers = new HashMap<>();
    private final Map<Session, Map<String, String>> lists = new HashMap<>();

    public Monitors(ServerState state) {
        this.state = state;
    }

    /** The nicks {@code session} watches, folded key to the spelling it gave. */
    public Map<String, String> list(Session session) {
        return Collections.unmodifiableMap(lists.getOrDefault(session, Map.of()));
    }

    public boolean add(Session session, String nick) {
        String key = state.fold(nick);
        Map<String, String> own = lists.computeIfAbsent(session, s -> new LinkedHashMap<>());
        if (own.putIfAbsent(key, nick) != null) {
            return false;
        }
        watchers.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(session);
        return true;
    }

    public void remove(Session session, String nick) {
        String key = state.fold(nick);
        Map<String, String> own = lists.get(session);
        if (own != null && own.remove(key) != null) {
            Set<Session> set = watchers.get(key);
            if (set != null) {
                set.remove(session);
                if (set.isEmpty()) {
                    watchers.remove(key);
                }
            }
        }
    }

    /** Forgets everything {@code session} watched (MONITOR C, or when it leaves). */
    public void clear(Session session) {
        Map<String, String> own = lists.remove(session);
        if (own != null) {
            for (String key : own.keySet()) {
                Set<Session> set = watchers.get(key);
                if (set != null) {
                    set.remove(session);
                    if (set.isEmpty()) {
                        watchers.remove(key);
                    }
                }
            }
        }
    }

    /** The sessions watching {@code nick}. */
    public Set<Session> watching(String nick) {
        return watchers.getOrDefault(state.fold(nick), Set.of());
    }
}
