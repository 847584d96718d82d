package dev.parley.server.moderation;

import dev.parley.server.account.AccountName;
import dev.parley.server.room.CidrMask;
import dev.parley.server.room.HostmaskMatcher;
import dev.parley.server.room.MaskSubject;
import dev.parley.server.store.Database;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server bans in force, held in memory so that a connection, a registration or a login is
 * checked without touching the database on a network thread. The copy is one immutable list
 * behind a volatile reference, replaced whole; it is read at start and again every
 * {@link #REFRESH_INTERVAL} by this class's own thread, which is how a ban set by {@code parley
 * admin} in another process reaches the running server. The same thread makes this server's own
 * changes (an operator's KLINE...) and writes the operator audit, so the database is only ever
 * touched there. Whenever a refresh or a change finds bans that were not there before, the
 * listener given to {@link #whenBansAppear} hears of them, to drop whoever they match.
 *
 * <p>Expired bans are ignored at once (each check asks the clock) and deleted at the next refresh.
 */
public final class ServerBans implements AutoCloseable {
    /** How soon a ban written by another process (parley admin) takes effect. */
    public static final Duration REFRESH_INTERVAL = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger("parley.operators");

    private final BanStore store;
    private final OperatorAudit audit;
    private final HostmaskMatcher matcher;
    private final Clock clock;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "parley-bans");
        thread.setDaemon(true);
        return thread;
    });
    /** Replaced whole, never changed in place. */
    private volatile List<Held> held = List.of();
    private volatile Consumer<List<ServerBan>> listener = appeared -> { };

    /** A ban with its network worked out once, for address bans. */
    private record Held(ServerBan ban, CidrMask network) {
    }

    private ServerBans(BanStore store, OperatorAudit audit, HostmaskMatcher matcher, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.matcher = matcher;
        this.clock = clock;
    }

    /**
     * Reads the bans from {@code db} (failing the start if they cannot be read: a server must not
     * open with its bans forgotten) and starts refreshing them.
     */
    public static ServerBans open(Database db, HostmaskMatcher matcher, Clock clock) {
        ServerBans bans = new ServerBans(new BanStore(db), new OperatorAudit(db), matcher, clock);
        bans.held = hold(bans.store.all());
        long every = REFRESH_INTERVAL.toMillis();
        bans.worker.scheduleWithFixedDelay(bans::refresh, every, every, TimeUnit.MILLISECONDS);
        return bans;
    }

    /**
     * Bans for a server without a database (an embedded test rig): none held, and setting one
     * fails, since it could not be kept.
     */
    public static ServerBans none(HostmaskMatcher matcher) {
        return new ServerBans(null, null, matcher, Clock.systemUTC());
    }

    /** Who hears of bans that appear (on this class's thread, never under the state lock). */
    public void whenBansAppear(Consumer<List<ServerBan>> newListener) {
        listener = newListener;
    }

    /** The clock bans expire by. */
    public Clock clock() {
        return clock;
    }

    /** The address ban (DLINE) in force against {@code address}, if any. */
    public Optional<ServerBan> address(InetAddress address) {
        Instant now = clock.instant();
        for (Held h : held) {
            if (h.network != null && h.network.contains(address) && h.ban.activeAt(now)) {
                return Optional.of(h.ban);
            }
        }
        return Optional.empty();
    }

    /** The account or mask ban (KLINE) in force against {@code subject}, if any. */
    public Optional<ServerBan> matches(MaskSubject subject) {
        Instant now = clock.instant();
        for (Held h : held) {
            if (h.ban.activeAt(now) && matches(h.ban.target(), subject)) {
                return Optional.of(h.ban);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code target}, as a KLINE, would hold against {@code subject}. */
    public boolean matches(BanTarget target, MaskSubject subject) {
        return switch (target.kind()) {
            case ACCOUNT -> subject.account() != null && AccountName.casefold(subject.account()).equals(target.text());
            case MASK -> matcher.matches(target.text(), subject);
            case ADDRESS -> false;
        };
    }

    /** Whether {@code target}, as a DLINE, would hold against {@code address}. */
    public static boolean covers(BanTarget target, InetAddress address) {
        return target.network().map(network -> network.contains(address)).orElse(false);
    }

    /** The bans in force now, oldest first. */
    public List<ServerBan> active() {
        Instant now = clock.instant();
        return held.stream().map(Held::ban).filter(ban -> ban.activeAt(now)).toList();
    }

    /** Stores {@code ban} (replacing one on the same target) and records {@code action}; in force once done. */
    public CompletableFuture<Void> add(ServerBan ban, OperatorAction action) {
        return onWorker(() -> {
            store.put(ban);
            audit.record(action);
            refresh();
            return null;
        });
    }

    /** Removes the ban on {@code target} and records {@code action}; completes with whether there was one. */
    public CompletableFuture<Boolean> remove(BanTarget target, OperatorAction action) {
        return onWorker(() -> {
            boolean removed = store.remove(target);
            if (removed) {
                audit.record(action);
                refresh();
            }
            return removed;
        });
    }

    /** Records an operator action (KILL, OPER) in the audit log, later; a failure is logged. */
    public void record(OperatorAction action) {
        onWorker(() -> {
            audit.record(action);
            return null;
        }).exceptionally(error -> {
            LOG.error("Could not record an operator action ({}) in the audit log: {}", action.action(), error.toString());
            return null;
        });
    }

    /**
     * Re-reads the bans, deletes the expired ones, and tells the listener of those that were not
     * held before. On failure the last good copy stays.
     */
    void refresh() {
        List<Held> before = held;
        List<Held> now;
        try {
            // A write transaction only when there is something to delete, not every few seconds.
            Instant at = clock.instant();
            if (before.stream().anyMatch(h -> !h.ban.activeAt(at))) {
                LOG.info("{} expired server bans deleted", store.purgeExpired(at));
            }
            now = hold(store.all());
        } catch (RuntimeException e) {
            LOG.warn("Could not re-read the server bans (keeping the last copy): {}", e.toString());
            return;
        }
        held = now;
        Set<ServerBan> old = new HashSet<>();
        before.forEach(h -> old.add(h.ban));
        List<ServerBan> appeared = new ArrayList<>();
        for (Held h : now) {
            if (!old.contains(h.ban) && h.ban.activeAt(clock.instant())) {
                appeared.add(h.ban);
            }
        }
        if (!appeared.isEmpty()) {
            try {
                listener.accept(List.copyOf(appeared));
            } catch (RuntimeException e) {
                LOG.error("Could not apply new server bans to connected clients: {}", e.toString());
            }
        }
    }

    private static List<Held> hold(List<ServerBan> bans) {
        return bans.stream().map(ban -> new Held(ban, ban.target().network().orElse(null))).toList();
    }

    /** Runs {@code task} on the bans thread; a stopped thread fails the future rather than throwing. */
    private <T> CompletableFuture<T> onWorker(Supplier<T> task) {
        if (store == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no database to keep bans in"));
        }
        try {
            return CompletableFuture.supplyAsync(task, worker);
        } catch (RejectedExecutionException stopped) {
            return CompletableFuture.failedFuture(stopped);
        }
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
