package dev.parley.server.history;

import dev.parley.server.store.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes history on a thread of its own, many records per transaction. Records are queued
 * (under the state lock, by whichever event loop made them) and written in queue order, so their
 * ids follow the order everyone saw. A transaction begins at most once a {@link #COMMIT_INTERVAL_NANOS
 * commit interval}: records that come while one commits, or sooner than that after the last one
 * began, gather for the next. A quiet server writes each record at once; a busy one writes dozens
 * to hundreds per commit. Whatever was queued with
 * a record runs once that record is committed: that is how an echo waits for its message to be
 * stored, and how a read waits for everything asked for before it. The thread runs at a lower
 * priority than the event loops ({@link BackgroundPriority}): on a busy machine chat goes first,
 * and a writer that falls behind takes bigger transactions, which cost less a record. The search
 * index is written behind the rows, in transactions of its own size ({@link SearchIndex}).
 */
final class HistoryWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryWriter.class);
    /** Records in one transaction at most: a commit stays in the low milliseconds. */
    private static final int MAX_BATCH = 4096;
    /** The most records that wait, and the heap a waiting record is taken to hold (see {@link #CAPACITY}). */
    private static final int MOST_WAITING = 200_000;
    private static final int RECORD_BYTES = 512;
    /**
     * Records waiting at most; past that (the disk has stalled, or the machine is too busy for the
     * writer to keep up) new ones are not stored. A waiting record holds about half a kilobyte of
     * heap (the record, its line and strings, its queue entry), so the queue is kept to a
     * sixteenth of the heap: 200,000 records from a heap of 1.6 GiB up.
     */
    static final int CAPACITY = capacityFor(Runtime.getRuntime().maxMemory());
    /**
     * Shortest time from one transaction's start to the next's. A transaction costs about the
     * same for one record as for ten (each index's page, the search index's new segment, the
     * WAL's frames and the checkpoints they bring on: some 20 page writes), so a server that gets
     * a message every few milliseconds would otherwise pay that for each (at 500 msg/s in 100
     * rooms, 10 ms halved the writer's CPU and 25 ms quartered it). 20 ms is the outbox's flush
     * interval: an echo, which waits for its commit, is then no later than what a member of a
     * busy room hears anyway.
     */
    static final long COMMIT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Database database;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final Thread thread;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();
    private volatile boolean closing;
    private long lastOverflowWarning;
    /** Used by the writer's thread only. */
    private final SearchIndex searchIndex = new SearchIndex();
    /** The id the next row takes; 0 until {@link SearchIndex#catchUp} has run. Writer's thread only. */
    private long nextId;

    /**
     * A record to write (or null), a message to delete (or null: redactions go in the same queue,
     * so a message is never deleted before it is written), what runs once it is committed, and
     * whether that needs the search index to have caught up.
     */
    private record Item(HistoryRecord record, Change change, Runnable afterCommit, boolean indexFirst) {
    }

    /** A change to what is stored (a redaction, a rename), made in order with the records. */
    interface Change {
        void apply(java.sql.Connection connection) throws java.sql.SQLException;
    }

    static int capacityFor(long maxHeapBytes) {
        return (int) Math.max(1_000, Math.min(MOST_WAITING, maxHeapBytes / 16 / RECORD_BYTES));
    }

    HistoryWriter(Database database) {
        this.database = database;
        this.thread = new Thread(this::run, "history-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues {@code record}; {@code afterCommit} (may be null) runs on the writer thread once it is
     * committed, or at once if it cannot be queued. False when it was not queued.
     */
    boolean append(HistoryRecord record, Runnable afterCommit) {
        return offer(new Item(record, null, afterCommit, false));
    }

    /**
     * Runs {@code task} once everything queued before it is committed and in the search index.
     * False when it could not be queued (then it has run at once).
     */
    boolean indexThen(Runnable task) {
        return offer(new Item(null, null, task, true));
    }

    /** Queues a change, made after every record queued before it; {@code afterCommit} as for {@link #append}. */
    boolean change(Change change, Runnable afterCommit) {
        return offer(new Item(null, change, afterCommit, false));
    }

    private boolean offer(Item item) {
        HistoryRecord record = item.record;
        Runnable afterCommit = item.afterCommit;
        if (!closing && queue.offer(item)) {
            return true;
        }
        if (record != null) {
            lost.incrementAndGet();
            warnOverflow();
        }
        if (afterCommit != null) {
            afterCommit.run();
        }
        return false;
    }

    private synchronized void warnOverflow() {
        long now = System.nanoTime();
        if (now - lastOverflowWarning > TimeUnit.SECONDS.toNanos(10)) {
            lastOverflowWarning = now;
            LOG.warn("History writes are {} behind; messages are not being stored ({} lost so far)",
                    queue.size(), lost.get());
        }
    }

    /** Records queued and not yet written. */
    int pending() {
        return queue.size();
    }

    long stored() {
        return stored.get();
    }

    long lost() {
        return lost.get();
    }

    long commits() {
        return commits.get();
    }

    long commitNanos() {
        return commitNanos.get();
    }

    private void run() {
        // Chat first: the writer uses what the event loops leave (see BackgroundPriority).
        OptionalInt nice = BackgroundPriority.lowerCurrentThread();
        LOG.debug("History writer running at nice {}", nice.isPresent() ? nice.getAsInt() : "(unknown)");
        List<Item> batch = new ArrayList<>();
        List<HistoryRecord> records = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        long lastStart = System.nanoTime() - COMMIT_INTERVAL_NANOS;
        write(records, changes, false); // indexes what a crash left unindexed, before any search
        while (true) {
            try {
                Item first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        break;
                    }
                    if (searchIndex.due(System.nanoTime(), 0)) {
                        write(records, changes, false);
                    }
                    continue;
                }
                batch.add(first);
                waitForInterval(lastStart);
                lastStart = System.nanoTime();
                queue.drainTo(batch, MAX_BATCH - 1);
            } catch (InterruptedException e) {
                if (queue.isEmpty()) {
                    break;
                }
            }
            boolean searchWaits = false;
            for (Item item : batch) {
                searchWaits |= item.indexFirst;
                if (item.record != null) {
                    records.add(item.record);
                }
                if (item.change != null) {
                    changes.add(item.change);
                }
            }
            write(records, changes, searchWaits);
            for (Item item : batch) {
                if (item.afterCommit != null) {
                    try {
                        item.afterCommit.run();
                    } catch (RuntimeException e) {
                        LOG.error("A task waiting for a history write failed", e);
                    }
                }
            }
            batch.clear();
            records.clear();
            changes.clear();
        }
        if (searchIndex.pending() > 0) {
            write(records, changes, true); // stopping: what was stored goes into the index too
        }
    }

    /**
     * Lets the records of the next {@link #COMMIT_INTERVAL_NANOS} gather: the queue is not waited
     * on meanwhile, so those who add to it wake nobody.
     */
    private void waitForInterval(long lastStart) {
        long wait = lastStart + COMMIT_INTERVAL_NANOS - System.nanoTime();
        if (wait > 0 && !closing) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // what was taken is written; the next poll stops
            }
        }
    }

    /**
     * Writes {@code records} and {@code changes} in one transaction, and the search index's
     * texts with them when they are due or {@code searchWaits}.
     */
    private void write(List<HistoryRecord> records, List<Change> changes, boolean searchWaits) {
        long start = System.nanoTime();
        boolean index = searchWaits || searchIndex.due(start, records.size());
        if (records.isEmpty() && changes.isEmpty() && nextId > 0 && !(index && searchIndex.pending() > 0)) {
            return;
        }
        List<SearchIndex.Entry> said = new ArrayList<>();
        long[] firstId = {nextId};
        try {
            database.write(connection -> {
                if (firstId[0] <= 0) {
                    firstId[0] = SearchIndex.catchUp(connection);
                }
                HistoryStore.insert(connection, records, firstId[0], said);
                for (Change change : changes) {
                    change.apply(connection);
                }
                if (index) {
                    searchIndex.write(connection, said, firstId[0] + records.size() - 1);
                }
                return null;
            });
            nextId = firstId[0] + records.size();
            if (index) {
                searchIndex.indexed();
            } else {
                searchIndex.stored(said, start);
            }
            if (!records.isEmpty()) {
                stored.addAndGet(records.size());
                commits.incrementAndGet();
                commitNanos.addAndGet(System.nanoTime() - start);
            }
        } catch (RuntimeException e) {
            // What waits still runs: the messages were delivered, only their history is missing.
            lost.addAndGet(records.size());
            LOG.error("History write failed; {} messages not stored: {}", records.size(), e.getMessage());
        }
    }

    /** Writes what is queued (for up to five seconds), then stops. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            LOG.warn("History writer did not finish in time; {} records not stored", queue.size());
        }
    }
}
