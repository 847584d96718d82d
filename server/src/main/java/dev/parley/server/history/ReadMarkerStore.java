package dev.parley.server.history;

import dev.parley.server.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Members' read markers in the database, on a thread of their own: loaded when a member logs in,
 * saved as they move. Saving keeps the later of two times, so saves need no order among themselves.
 */
public final class ReadMarkerStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadMarkerStore.class);

    private final Database database;
    private final ExecutorService work;

    public ReadMarkerStore(Database database) {
        this.database = database;
        this.work = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "read-markers");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Every marker of {@code accountKey} (a casefolded account name): target to time. */
    public CompletableFuture<Map<String, Long>> load(String accountKey) {
        return CompletableFuture.supplyAsync(() -> database.read(connection -> {
            Map<String, Long> markers = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT target, time_ms FROM read_markers WHERE account = ?")) {
                statement.setString(1, accountKey);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        markers.put(rows.getString(1), rows.getLong(2));
                    }
                }
            }
            return markers;
        }), work);
    }

    /** Saves a marker that moved; a failure is logged, and the marker lives on in memory. */
    public void save(String accountKey, String target, long timeMs) {
        work.execute(() -> {
            try {
                database.write(connection -> {
                    try (PreparedStatement statement = connection.prepareStatement(
                            "INSERT INTO read_markers (account, target, time_ms) VALUES (?, ?, ?)"
                                    + " ON CONFLICT (account, target) DO UPDATE SET"
                                    + " time_ms = max(time_ms, excluded.time_ms)")) {
                        statement.setString(1, accountKey);
                        statement.setString(2, target);
                        statement.setLong(3, timeMs);
                        return statement.executeUpdate();
                    }
                });
            } catch (RuntimeException e) {
                LOG.warn("A read marker was not saved: {}", e.getMessage());
            }
        });
    }

    /**
     * A room was renamed: every member's marker for it moves with it (see
     * {@link dev.parley.server.session.MarkerSet#rename}). On this thread, after the saves queued
     * before it, so that a marker moved just before the rename is not left behind under the old name.
     */
    public void rename(String oldTarget, String newTarget) {
        work.execute(() -> {
            try {
                database.write(connection -> {
                    try (PreparedStatement forget = connection.prepareStatement(
                            "DELETE FROM read_markers WHERE target = ?");
                         PreparedStatement move = connection.prepareStatement(
                                 "UPDATE read_markers SET target = ? WHERE target = ?")) {
                        forget.setString(1, newTarget);
                        forget.executeUpdate();
                        move.setString(1, newTarget);
                        move.setString(2, oldTarget);
                        return move.executeUpdate();
                    }
                });
            } catch (RuntimeException e) {
                LOG.warn("Read markers did not follow a renamed room: {}", e.getMessage());
            }
        });
    }

    /** Saves what is queued, then stops. */
    @Override
    public void close() {
        work.shutdown();
        try {
            work.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
