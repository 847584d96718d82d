package dev.parley.server.history;

import dev.parley.server.config.ParleyConfig.HistorySection;
import dev.parley.server.store.Database;
import dev.parley.server.store.SqlWork;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's history: what commands store, and what CHATHISTORY reads. Writes are queued to
 * the {@link HistoryWriter}; reads run on a small pool of their own, after every record queued
 * before them is committed (so a client reads back what it was just told was sent). A periodic
 * purge applies the retention settings. {@link #disabled()} stores nothing and reads nothing.
 */
public final class History implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(History.class);
    private static final int READERS = 2;
    private static final int READ_QUEUE = 256;
    private static final int PURGE_CHUNK = 5_000;
    private static final Duration PURGE_EVERY = Duration.ofHours(1);

    private final Database database;
    private final HistoryWriter writer;
    private final ThreadPoolExecutor readers;
    private final ScheduledExecutorService purger;
    private volatile HistorySection config;

    private History(Database database, HistorySection config) {
        this.database = database;
        this.config = config;
        if (database == null) {
            writer = null;
            readers = null;
            purger = null;
            return;
        }
        writer = new HistoryWriter(database);
        readers = new ThreadPoolExecutor(READERS, READERS, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(READ_QUEUE), daemon("history-reader"));
        purger = Executors.newSingleThreadScheduledExecutor(background(daemon("history-purge")));
        purger.scheduleWithFixedDelay(this::purgeQuietly, 10, PURGE_EVERY.toSeconds(), TimeUnit.SECONDS);
    }

    /** History in {@code database}, as {@code config} says; {@link #disabled()} when it is off. */
    public static History open(Database database, HistorySection config) {
        return config.enabled() ? new History(database, config) : disabled();
    }

    /** No history: nothing stored, nothing read back. */
    public static History disabled() {
        return new History(null, HistorySection.defaults());
    }

    public boolean enabled() {
        return writer != null;
    }

    /** Applies reloaded settings (retention, what is stored); turning history on or off needs a restart. */
    public void reconfigure(HistorySection newConfig) {
        config = newConfig;
    }

    /** Whether messages of {@code command} (PRIVMSG, JOIN...) are kept. */
    public boolean stores(String command) {
        return enabled() && config.commands().contains(command);
    }

    /** The most messages one CHATHISTORY request returns (ISUPPORT CHATHISTORY). */
    public static final int MAX_PAGE = 500;

    /** Whether a room's members may read what was said there before they joined. */
    public boolean beforeJoin() {
        return config.beforeJoin();
    }

    /**
     * Keeps {@code record} if its command is stored; false when it is not kept (then nothing
     * waits for it).
     */
    public boolean record(HistoryRecord record) {
        return stores(record.message().command()) && writer.append(record, null);
    }

    /**
     * Keeps {@code record} if its command is stored, and runs {@code afterCommit} once it is
     * committed (on the writer thread). When it is not stored, {@code afterCommit} runs at once.
     */
    public void record(HistoryRecord record, Runnable afterCommit) {
        if (stores(record.message().command())) {
            writer.append(record, afterCommit);
        } else {
            afterCommit.run();
        }
    }

    /** Runs {@code task} once everything queued so far is committed (at once when history is off). */
    public void afterPending(Runnable task) {
        if (enabled()) {
            writer.append(null, task);
        } else {
            task.run();
        }
    }

    /** One page of history, oldest first, once everything queued before is committed. */
    public CompletableFuture<List<StoredMessage>> page(HistoryRequest request) {
        return read(connection -> HistoryStore.page(connection, request));
    }

    /** The message {@code msgid} among {@code targets}, once everything queued before is committed. */
    public CompletableFuture<java.util.Optional<StoredMessage>> find(List<String> targets, String msgid) {
        return read(connection -> HistoryStore.find(connection, targets, msgid));
    }

    /** Deletes a message from history (REDACT), after everything queued before it. */
    public void forget(List<String> targets, String msgid) {
        if (enabled()) {
            List<String> among = List.copyOf(targets);
            writer.change(connection -> HistoryStore.delete(connection, among, msgid), null);
        }
    }

    /** A search (soju.im/search), once everything queued before is committed and indexed. */
    public CompletableFuture<List<StoredMessage>> search(SearchRequest request) {
        return read(connection -> HistorySearch.search(connection, request), true);
    }

    /** A room's history follows it to its new name (draft/channel-rename). */
    public void rename(String oldTarget, String newTarget) {
        if (enabled()) {
            writer.change(connection -> HistoryStore.rename(connection, oldTarget, newTarget), null);
        }
    }

    /** CHATHISTORY TARGETS: see {@link HistoryStore#targets}. */
    public CompletableFuture<List<TargetActivity>> targets(List<String> rooms, Identity identity,
                                                           long fromMs, long toMs, int limit) {
        return read(connection -> HistoryStore.targets(connection, rooms, identity, fromMs, toMs, limit));
    }

    private <T> CompletableFuture<T> read(SqlWork<T> work) {
        return read(work, false);
    }

    /** {@code work} on a reader, after what is queued is committed (and indexed, if {@code searching}). */
    private <T> CompletableFuture<T> read(SqlWork<T> work, boolean searching) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!enabled()) {
            result.completeExceptionally(new IllegalStateException("history is off"));
            return result;
        }
        Runnable start = () -> {
            try {
                readers.execute(() -> {
                    try {
                        result.complete(database.read(work));
                    } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(e);
            }
        };
        if (searching) {
            writer.indexThen(start);
        } else {
            afterPending(start);
        }
        return result;
    }

    /** Records waiting to be written (a queue that keeps growing means the disk cannot keep up). */
    public int pending() {
        return enabled() ? writer.pending() : 0;
    }

    /** Counters for benchmarks and operators. */
    public Stats stats() {
        return enabled() ? new Stats(writer.stored(), writer.lost(), writer.commits(), writer.commitNanos())
                : new Stats(0, 0, 0, 0);
    }

    /** Messages stored and lost, the transactions that stored them and the time those took in all. */
    public record Stats(long stored, long lost, long commits, long commitNanos) {
    }

    /** Deletes what is past the retention settings; how many messages went. Blocks on the database. */
    public long purge() {
        if (!enabled()) {
            return 0;
        }
        HistorySection settings = config;
        long deleted = 0;
        if (settings.retentionDays() > 0) {
            long cutoff = System.currentTimeMillis() - TimeUnit.DAYS.toMillis(settings.retentionDays());
            long firstKept = database.read(connection -> HistoryPurge.firstIdFrom(connection, cutoff));
            int chunk;
            // In chunks, each its own transaction, so chat's writes go on in between.
            do {
                chunk = database.write(connection -> HistoryPurge.deleteBelow(connection, firstKept, PURGE_CHUNK));
                deleted += chunk;
            } while (chunk == PURGE_CHUNK);
            database.write(connection -> {
                HistoryPurge.forgetQuietTargets(connection, cutoff);
                return null;
            });
        }
        if (settings.maxMessagesPerTarget() > 0) {
            int max = settings.maxMessagesPerTarget();
            for (String target : database.read(connection -> HistoryPurge.overfull(connection, max))) {
                deleted += database.write(connection -> HistoryPurge.trim(connection, target, max));
            }
        }
        return deleted;
    }

    private void purgeQuietly() {
        try {
            long deleted = purge();
            if (deleted > 0) {
                LOG.info("History purge: {} messages past the retention settings deleted", deleted);
            }
        } catch (RuntimeException e) {
            LOG.error("History purge failed: {}", e.getMessage());
        }
    }

    /** Stops purging and reading, and writes what is still queued. */
    @Override
    public void close() {
        if (!enabled()) {
            return;
        }
        purger.shutdownNow();
        readers.shutdown();
        writer.close();
        try {
            readers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Threads of {@code factory} that first lower their priority ({@link BackgroundPriority}). */
    private static java.util.concurrent.ThreadFactory background(java.util.concurrent.ThreadFactory factory) {
        return task -> factory.newThread(() -> {
            BackgroundPriority.lowerCurrentThread();
            task.run();
        });
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
