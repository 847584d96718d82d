package dev.parley.server.history;

import dev.parley.protocol.IrcParseException;
import dev.parley.protocol.IrcParser;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The search index (FTS5, table {@code history_text}), written behind the history rows. Each
 * transaction of the FTS5 index writes a segment of its own and rewrites the index's structure
 * record, a cost that hardly depends on how many texts go in: written with every history commit
 * (every 20 ms under load) it was half of what storing a message cost. So the writer keeps the
 * texts of what it stored and indexes them together, once a {@link #DELAY_NANOS second} after
 * the oldest or once there are {@link #BATCH} of them, and at once when a search waits.
 *
 * <p>Where the index has got to is kept in the database ({@code history_text_position}, in the
 * same transaction as the texts): every PRIVMSG and NOTICE with an id up to it is indexed. After
 * a crash the rows past it are indexed again from what history holds, before any search runs.
 * A row deleted before its text was indexed (a redaction, the purge) is skipped, so nothing
 * deleted comes back. Used by the history writer's thread only.
 */
final class SearchIndex {
    /** Texts at most before they are indexed, whatever their age. */
    static final int BATCH = 4096;
    /**
     * Rows handed to SQLite at a time. The driver keeps a batch's values until it runs, and a
     * young collection in the middle of a whole one (thousands of texts) copied a megabyte.
     */
    static final int ROWS_PER_BATCH = 256;
    /** How long a text may wait to be indexed when nobody searches. */
    static final long DELAY_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The text of history row {@code id}, to index. */
    record Entry(long id, String text) {
    }

    private final PendingTexts pending = new PendingTexts();
    private long oldestNanos;

    /** Texts stored and not yet indexed. */
    int pending() {
        return pending.size();
    }

    /** Whether the texts waiting, {@code more} of them about to be added, should be indexed now. */
    boolean due(long nowNanos, int more) {
        if (pending.isEmpty()) {
            return more >= BATCH;
        }
        return pending.size() + more >= BATCH || nowNanos - oldestNanos >= DELAY_NANOS;
    }

    /**
     * Indexes what waits and {@code fresh} (rows of this transaction), and records that every
     * row up to {@code lastId} is indexed. Call {@link #indexed} once the transaction commits.
     */
    void write(Connection connection, List<Entry> fresh, long lastId) throws SQLException {
        int total = pending.size() + fresh.size(); // those waiting first: their ids are the lower
        if (total > 0) {
            // A text is indexed only if its row is still there. Which rows are is read first, in
            // one pass over the ids: an INSERT ... SELECT ... WHERE EXISTS would open a statement
            // savepoint for each row, and FTS5 writes out a segment at every savepoint, which made
            // the index three times as dear as with none deferred at all.
            try (PreparedStatement rows = connection.prepareStatement(
                    "SELECT id FROM history WHERE id BETWEEN ? AND ? ORDER BY id");
                 PreparedStatement text = connection.prepareStatement(
                         "INSERT INTO history_text (rowid, text) VALUES (?, ?)")) {
                rows.setLong(1, idAt(0, fresh));
                rows.setLong(2, idAt(total - 1, fresh));
                try (ResultSet row = rows.executeQuery()) {
                    // Both in id order: walk them side by side.
                    int next = 0;
                    int batched = 0;
                    while (row.next() && next < total) {
                        long id = row.getLong(1);
                        while (next < total && idAt(next, fresh) < id) {
                            next++; // deleted before it was indexed
                        }
                        if (next < total && idAt(next, fresh) == id) {
                            text.setLong(1, id);
                            text.setString(2, textAt(next, fresh));
                            text.addBatch();
                            if (++batched % ROWS_PER_BATCH == 0) {
                                text.executeBatch();
                            }
                            next++;
                        }
                    }
                }
                text.executeBatch();
            }
        }
        setPosition(connection, lastId);
    }

    /** The id of the {@code i}th text to index: those waiting, then {@code fresh}. */
    private long idAt(int i, List<Entry> fresh) {
        int waiting = pending.size();
        return i < waiting ? pending.id(i) : fresh.get(i - waiting).id;
    }

    /** The text of the {@code i}th, as {@link #idAt}. */
    private String textAt(int i, List<Entry> fresh) {
        int waiting = pending.size();
        return i < waiting ? pending.text(i) : fresh.get(i - waiting).text;
    }

    /** The transaction of {@link #write} committed: nothing waits. */
    void indexed() {
        pending.clear();
    }

    /** The transaction that stored {@code fresh} committed without indexing them: they wait. */
    void stored(List<Entry> fresh, long nowNanos) {
        if (fresh.isEmpty()) {
            return;
        }
        if (pending.isEmpty()) {
            oldestNanos = nowNanos;
        }
        for (Entry entry : fresh) {
            pending.add(entry.id, entry.text);
        }
    }

    /**
     * Indexes the rows said past the recorded position (stored before a crash, their texts lost
     * with the process) and returns the id the next stored row may take: past every row there is
     * and every row there was up to the position, so no id of a deleted row is ever used again
     * (a text waiting for that id would otherwise go to the new row).
     */
    static long catchUp(Connection connection) throws SQLException {
        long position = position(connection);
        List<Entry> missing = new ArrayList<>();
        long last = position;
        try (PreparedStatement rows = connection.prepareStatement(
                "SELECT id, line, multiline FROM history WHERE id > ? AND " + HistoryStore.SAID + " ORDER BY id")) {
            rows.setLong(1, position);
            try (ResultSet row = rows.executeQuery()) {
                while (row.next()) {
                    missing.add(new Entry(row.getLong(1), textOf(row.getString(2), row.getString(3))));
                }
            }
        }
        try (PreparedStatement max = connection.prepareStatement("SELECT coalesce(max(id), 0) FROM history");
             ResultSet row = max.executeQuery()) {
            last = Math.max(last, row.next() ? row.getLong(1) : 0);
        }
        if (!missing.isEmpty() || last > position) {
            new SearchIndex().write(connection, missing, last);
        }
        return last + 1;
    }

    private static long position(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT indexed_to FROM history_text_position");
             ResultSet row = statement.executeQuery()) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    private static void setPosition(Connection connection, long lastId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE history_text_position SET indexed_to = max(indexed_to, ?)")) {
            statement.setLong(1, lastId);
            statement.executeUpdate();
        }
    }

    /** The text said in a stored row, as {@link HistoryRecord#searchText()} gave it. */
    private static String textOf(String line, String multiline) {
        if (multiline != null) {
            return MultilineBody.decode(multiline).searchText();
        }
        try {
            return IrcParser.parse(line).param(1);
        } catch (IrcParseException e) {
            return ""; // written by this server; unreadable only if the file was edited
        }
    }
}
