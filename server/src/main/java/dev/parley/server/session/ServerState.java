package dev.parley.server.session;

import dev.parley.protocol.CaseMapping;
import dev.parley.server.limits.AddressGroup;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is here: connections, nicks, users and their counts. Every command runs holding {@link #lock()}, so the whole
 * server changes one command at a time: replies to one client are queued in the order its commands
 * came, and a reply never sees a half-made change. Commands are short; slow work (password
 * hashing, storage) runs elsewhere and comes back as a new event.
 */
public final class ServerState {
    private static final int WHOWAS_PER_NICK = 8;
    private static final int WHOWAS_TOTAL = 2000;

    private final Object lock = new Object();
    private final CaseMapping caseMapping;
    /** Connections that have not registered yet; with {@link #registered}, every connection. */
    private final Set<Session> connecting = new LinkedHashSet<>();
    /** Registered users, counted without a walk over all (LUSERS is in every welcome). */
    private final Set<Session> registered = new LinkedHashSet<>();
    private final Map<String, Session> byNick = new HashMap<>();
    private final Map<String, Deque<WhowasEntry>> whowas = new LinkedHashMap<>();
    private int whowasCount;
    private final Map<InetAddress, AddressConnections> connectionsPerAddress = new ConcurrentHashMap<>();
    private final Map<InetAddress, Integer> connectionsPerGroup = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
    private volatile java.util.function.Function<InetAddress, String> hostNames = Session::hostOf;
    private int maxUsers;
    private int invisibleUsers;
    private int operatorUsers;
    private final Monitors monitors = new Monitors(this);

    public ServerState(CaseMapping caseMapping) {
        this.caseMapping = caseMapping;
    }

    /** Who MONITORs whom. */
    public Monitors monitors() {
        return monitors;
    }

    public Object lock() {
        return lock;
    }

    public CaseMapping caseMapping() {
        return caseMapping;
    }

    public String fold(String name) {
        return caseMapping.fold(name);
    }

    // -- connections ---------------------------------------------------------

    /**
     * Counts a new connection from {@code address}; returns how many its {@link AddressGroup}
     * (the address, or its /64 for IPv6) now has.
     */
    public int connectionOpened(InetAddress address) {
        connections.incrementAndGet();
        connectionsPerAddress.compute(address,
                (a, open) -> open == null ? new AddressConnections(hostNames.apply(a)) : open).opened();
        return connectionsPerGroup.merge(AddressGroup.of(address), 1, Integer::sum);
    }

    /**
     * The host text of an address that has connections (see {@link #connectionOpened}): one string
     * shared by all of them, not one each.
     */
    public String host(InetAddress address) {
        AddressConnections open = connectionsPerAddress.get(address);
        return open == null ? hostNames.apply(address) : open.host;
    }

    /** Connections open now, across the server. */
    public int connections() {
        return connections.get();
    }

    /** Connections open now from {@code address}'s {@link AddressGroup}. */
    public int connectionsFrom(InetAddress address) {
        return connectionsPerGroup.getOrDefault(AddressGroup.of(address), 0);
    }

    /** How addresses are shown as hosts from now on: as they are, or cloaked ({@link HostCloak}). */
    public void hostNames(java.util.function.Function<InetAddress, String> names) {
        hostNames = names;
    }

    public void connectionClosed(InetAddress address) {
        connections.decrementAndGet();
        connectionsPerAddress.computeIfPresent(address, (a, open) -> open.closed() <= 0 ? null : open);
        connectionsPerGroup.computeIfPresent(AddressGroup.of(address), (group, open) -> open <= 1 ? null : open - 1);
    }

    public void addSession(Session session) {
        connecting.add(session);
    }

    public void removeSession(Session session) {
        connecting.remove(session);
        if (registered.remove(session)) {
            invisibleUsers -= session.invisible() ? 1 : 0;
            operatorUsers -= session.operator() ? 1 : 0;
        }
        if (session.nick() != null && byNick.get(fold(session.nick())) == session) {
            byNick.remove(fold(session.nick()));
        }
    }

    /** Every connection, registered or not (a copy). */
    public List<Session> sessions() {
        List<Session> all = new ArrayList<>(connecting.size() + registered.size());
        all.addAll(registered);
        all.addAll(connecting);
        return all;
    }

    /** How many connections there are, registered or not. */
    public int connectionCount() {
        return connecting.size() + registered.size();
    }

    // -- nicks ---------------------------------------------------------------

    public Optional<Session> byNick(String nick) {
        return Optional.ofNullable(byNick.get(fold(nick)));
    }

    /** Claims {@code nick} for {@code session}, releasing its old one; false when taken by another. */
    public boolean claimNick(Session session, String nick) {
        String key = fold(nick);
        Session holder = byNick.get(key);
        if (holder != null && holder != session) {
            return false;
        }
        if (session.nick() != null && byNick.get(fold(session.nick())) == session) {
            byNick.remove(fold(session.nick()));
        }
        byNick.put(key, session);
        session.nick(nick);
        return true;
    }

    /** Completes {@code session}'s registration: from now on it is a user others can see. */
    public void register(Session session) {
        session.state(RegistrationState.REGISTERED);
        connecting.remove(session);
        registered.add(session);
        maxUsers = Math.max(maxUsers, registered.size());
        invisibleUsers += session.invisible() ? 1 : 0;
        operatorUsers += session.operator() ? 1 : 0;
    }

    /** Sets or clears user mode +i. */
    public void invisible(Session session, boolean on) {
        if (session.invisible() != on) {
            session.invisible(on);
            invisibleUsers += registered.contains(session) ? (on ? 1 : -1) : 0;
        }
    }

    /** Makes {@code session} an IRC operator (OPER) or no longer one (MODE -o). */
    public void operator(Session session, boolean on) {
        if (session.operator() != on) {
            session.operator(on);
            operatorUsers += registered.contains(session) ? (on ? 1 : -1) : 0;
        }
    }

    public int invisibleCount() {
        return invisibleUsers;
    }

    public int operatorCount() {
        return operatorUsers;
    }

    public Collection<Session> registeredUsers() {
        return Collections.unmodifiableSet(registered);
    }

    public int registeredCount() {
        return registered.size();
    }

    public int maxUsers() {
        return maxUsers;
    }

    // -- whowas --------------------------------------------------------------

    public void rememberNick(Session session) {
        if (session.nick() == null || session.user() == null) {
            return;
        }
        Deque<WhowasEntry> entries = whowas.computeIfAbsent(fold(session.nick()), k -> new ArrayDeque<>());
        entries.addFirst(new WhowasEntry(session.nick(), session.user(), session.host(), session.realName(),
                java.time.Instant.now()));
        whowasCount++;
        if (entries.size() > WHOWAS_PER_NICK) {
            entries.removeLast();
            whowasCount--;
        }
        // Forget the oldest nicks first when the whole table is full.
        Iterator<Map.Entry<String, Deque<WhowasEntry>>> oldest = whowas.entrySet().iterator();
        while (whowasCount > WHOWAS_TOTAL && oldest.hasNext()) {
            Map.Entry<String, Deque<WhowasEntry>> e = oldest.next();
            whowasCount -= e.getValue().size();
            oldest.remove();
        }
    }

    public List<WhowasEntry> whowas(String nick) {
        Deque<WhowasEntry> entries = whowas.get(fold(nick));
        return entries == null ? List.of() : List.copyOf(entries);
    }

    /** The connections from one address; changed only inside the map's atomic compute. */
    private static final class AddressConnections {
        final String host;
        int count;

        AddressConnections(String host) {
            this.host = host;
        }

        int opened() {
            return ++count;
        }

        int closed() {
            return --count;
        }
    }
}
