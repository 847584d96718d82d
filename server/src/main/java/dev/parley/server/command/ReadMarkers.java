package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.account.AccountName;
import dev.parley.server.history.HistoryTime;
import dev.parley.server.history.ReadMarkerStore;
import dev.parley.server.session.Capability;
import dev.parley.server.session.MarkerSet;
import dev.parley.server.session.Session;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * MARKREAD (IRCv3 draft/read-marker): up to when a room or conversation has been read, kept per
 * member in the database and shared live by all the member's clients; a guest's markers last as
 * long as its connection. A member's markers are loaded when it logs in (the session waits for
 * them), and the clients of one member share one {@link MarkerSet}, so moving a marker on one
 * tells the others without a look at anyone else.
 */
public final class ReadMarkers {
    private final ServerContext ctx;
    private final ReadMarkerStore store;
    /** The marker sets of members with a client connected, by casefolded account. */
    private final Map<String, MarkerSet> members = new HashMap<>();

    /** @param store where members' markers are kept; null keeps them only while connected */
    public ReadMarkers(ServerContext ctx, ReadMarkerStore store) {
        this.ctx = ctx;
        this.store = store;
    }

    public void register(CommandTable table) {
        table.add("MARKREAD", 0, this::markread);
    }

    /** A client logged in as {@code account}: it shares the member's set, loaded first if needed. */
    void loggedIn(Session session, String account) {
        String key = AccountName.casefold(account);
        leave(session);
        MarkerSet shared = members.get(key);
        if (shared != null || store == null) {
            attach(session, shared != null ? shared : new MarkerSet(key, Map.of()));
            return;
        }
        session.commands().suspend();
        store.load(key).whenComplete((loaded, error) -> session.commands().resume(() -> {
            // Another client of the member may have loaded the set meanwhile.
            MarkerSet set = members.get(key);
            attach(session, set != null ? set : new MarkerSet(key, error == null ? loaded : Map.of()));
        }));
    }

    private void attach(Session session, MarkerSet set) {
        set.attach(session);
        session.markers(set);
        if (set.account() != null) {
            members.put(set.account(), set);
        }
    }

    /** The client is gone: the member's set is dropped with its last client. */
    void leave(Session session) {
        MarkerSet set = session.markers();
        if (set == null) {
            return;
        }
        set.detach(session);
        session.markers(null);
        if (set.account() != null && set.sessions().isEmpty()) {
            members.remove(set.account());
        }
    }

    /**
     * A room was renamed (folded names): markers for it follow it, in the database for everyone
     * and in memory for every connected member and guest (who may have read the room and left
     * it). A map operation per connected client, under the lock: RENAME is rare.
     */
    void renamed(Collection<Session> connected, String oldTarget, String newTarget) {
        Set<MarkerSet> moved = new HashSet<>();
        for (MarkerSet set : members.values()) {
            if (moved.add(set)) {
                set.rename(oldTarget, newTarget);
            }
        }
        for (Session client : connected) {
            MarkerSet set = client.markers();
            if (set != null && moved.add(set)) {
                set.rename(oldTarget, newTarget);
            }
        }
        if (store != null) {
            store.rename(oldTarget, newTarget);
        }
    }

    /** After a JOIN (before the names): where the client stopped reading the room. */
    void joined(Session session, String room) {
        if (session.has(Capability.READ_MARKER)) {
            session.send(markread(room, marker(session, room)));
        }
    }

    private void markread(Session session, IrcMessage message) {
        String target = message.param(0);
        if (target == null || target.isEmpty()) {
            ctx.standardReply(session, "FAIL", "MARKREAD", "NEED_MORE_PARAMS", "Missing parameters");
            return;
        }
        if (message.param(1) == null) {
            session.send(markread(target, marker(session, target)));
            return;
        }
        String given = message.param(1);
        OptionalLong time = given.startsWith("timestamp=") ? HistoryTime.parse(given.substring(10))
                : OptionalLong.empty();
        if (time.isEmpty()) {
            ctx.standardReply(session, "FAIL", "MARKREAD", "INVALID_PARAMS", List.of(target),
                    "The time must be timestamp=YYYY-MM-DDThh:mm:ss.sssZ");
            return;
        }
        MarkerSet set = session.markers();
        if (set == null) {
            set = new MarkerSet(null, Map.of());
            attach(session, set);
        }
        String key = ctx.state().fold(target);
        boolean moved = set.advance(key, time.getAsLong());
        IrcMessage now = markread(target, set.get(key));
        session.send(now);
        if (moved) {
            for (Session other : set.sessions()) {
                if (other != session && other.has(Capability.READ_MARKER)) {
                    other.write(now);
                }
            }
            if (set.account() != null && store != null) {
                store.save(set.account(), key, time.getAsLong());
            }
        }
    }

    private OptionalLong marker(Session session, String target) {
        MarkerSet set = session.markers();
        return set == null ? OptionalLong.empty() : set.get(ctx.state().fold(target));
    }

    private IrcMessage markread(String target, OptionalLong time) {
        return IrcMessage.from(ctx.serverName(), "MARKREAD", target,
                time.isPresent() ? "timestamp=" + HistoryTime.format(time.getAsLong()) : "*");
    }
}
