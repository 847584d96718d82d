package dev.parley.server.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.store.Database;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history writer against a real SQLite file: how records are grouped into transactions, and
 * how the search index follows them.
 */
class HistoryWriterTest {
    @TempDir
    Path dir;
    Database db;
    HistoryWriter writer;

    @BeforeEach
    void open() {
        db = Database.open(dir);
        writer = new HistoryWriter(db);
    }

    @AfterEach
    void close() {
        writer.close();
        db.close();
    }

    private static HistoryRecord said(int n) {
        return HistoryRecord.room("#r", "id" + n, 1_000 + n, null,
                IrcMessage.from("a!u@h", "PRIVMSG", "#r", "line " + n));
    }

    @Test
    void theRecordsWaitingTakeAtMostASixteenthOfTheHeap() {
        assertThat(HistoryWriter.capacityFor(256L << 20)).isEqualTo(32_768); // a 1 GiB machine's default heap
        assertThat(HistoryWriter.capacityFor(8L << 30)).isEqualTo(200_000);
        assertThat(HistoryWriter.capacityFor(1L << 20)).isEqualTo(1_000);
    }

    @Test
    void recordsArrivingEveryFewMillisecondsShareATransaction() throws InterruptedException {
        CountDownLatch first = new CountDownLatch(1);
        writer.append(said(0), first::countDown);
        assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();

        // A message every 2 ms, as 500 msg/s brings them: each would be a commit of its own if the
        // writer began a transaction as soon as one arrived (a commit takes well under 2 ms).
        int records = 8;
        CountDownLatch rest = new CountDownLatch(records);
        for (int n = 1; n <= records; n++) {
            writer.append(said(n), rest::countDown);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        assertThat(rest.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(writer.stored()).isEqualTo(records + 1);
        // 16 ms of arrivals in 20 ms intervals: one or two transactions (three if the machine stalls).
        assertThat(writer.commits() - 1).isBetween(1L, 3L);
    }

    @Test
    void theWriterRunsAtALowerPriorityThanTheEventLoops() throws InterruptedException {
        // What runs after a commit runs on the writer's thread: it reads that thread's nice value.
        AtomicReference<OptionalInt> nice = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        writer.append(said(0), () -> {
            nice.set(BackgroundPriority.currentNice());
            done.countDown();
        });
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        // A process started nicer than that already is (then the writer keeps the process's value).
        int own = BackgroundPriority.currentNice().orElseThrow();
        assertThat(nice.get()).as("the history writer's thread").hasValue(Math.max(own, BackgroundPriority.NICE));
    }

    private static HistoryRecord said(int n, String text) {
        return HistoryRecord.room("#r", "id" + n, 1_000 + n, null, IrcMessage.from("a!u@h", "PRIVMSG", "#r", text));
    }

    /** The ids of the rows whose indexed text has {@code word}. */
    private List<Long> indexed(String word) {
        return db.read(c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT rowid FROM history_text WHERE history_text MATCH ? ORDER BY rowid")) {
                s.setString(1, word);
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                    }
                }
            }
            return ids;
        });
    }

    private long rowOf(String msgid) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM history WHERE msgid = ?")) {
                s.setString(1, msgid);
                try (ResultSet rows = s.executeQuery()) {
                    return rows.next() ? rows.getLong(1) : -1L;
                }
            }
        });
    }

    /** Runs on the writer's thread once everything queued before is committed and indexed. */
    private <T> T onceIndexed(java.util.function.Supplier<T> read) throws InterruptedException {
        AtomicReference<T> result = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        writer.indexThen(() -> {
            result.set(read.get());
            done.countDown();
        });
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        return result.get();
    }

    @Test
    void theSearchIndexIsWrittenBehindTheRowsAndCatchesUpBeforeASearch() throws InterruptedException {
        // Right after its commit (on the writer's thread, so the index cannot move meanwhile) the
        // message is in history and its text still waits for the index...
        AtomicReference<List<Long>> atCommit = new AtomicReference<>();
        CountDownLatch committed = new CountDownLatch(1);
        writer.append(said(1, "walrus sighted"), () -> {
            atCommit.set(indexed("walrus"));
            committed.countDown();
        });
        assertThat(committed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(rowOf("id1")).isPositive();
        assertThat(atCommit.get()).isEmpty();

        // ...and a search, which asks for the index first, finds it.
        assertThat(onceIndexed(() -> indexed("walrus"))).containsExactly(rowOf("id1"));
    }

    @Test
    void aMessageRedactedBeforeItsTextWasIndexedStaysOutOfSearch() throws InterruptedException {
        CountDownLatch committed = new CountDownLatch(1);
        writer.append(said(1, "secret plans"), committed::countDown);
        assertThat(committed.await(10, TimeUnit.SECONDS)).isTrue();
        writer.change(c -> HistoryStore.delete(c, List.of("#r"), "id1"), null);
        // The next row must not take the deleted row's id: its waiting text would be indexed for it.
        writer.append(said(2, "public plans"), null);

        assertThat(onceIndexed(() -> indexed("secret"))).isEmpty();
        assertThat(indexed("plans")).containsExactly(rowOf("id2"));
    }

    @Test
    void whatWasStoredButNotIndexedWhenTheServerStoppedIsIndexedAtTheNextStart() throws InterruptedException {
        writer.close();
        // As a crash leaves it: rows stored, their texts lost with the process before the index
        // had them, and one of them deleted since.
        db.write(c -> {
            HistoryStore.insert(c, List.of(said(1, "kept one"), said(2, "gone one"), said(3, "kept two")), 1,
                    new ArrayList<>());
            HistoryStore.delete(c, List.of("#r"), "id2");
            return null;
        });
        writer = new HistoryWriter(db);

        assertThat(onceIndexed(() -> indexed("kept"))).containsExactly(1L, 3L);
        assertThat(indexed("gone")).isEmpty();
        writer.append(said(4, "kept three"), null);
        assertThat(onceIndexed(() -> indexed("kept"))).containsExactly(1L, 3L, rowOf("id4"));
    }

    @Test
    void stoppingIndexesWhatWaits() {
        writer.append(said(1, "last words"), null);
        writer.close();
        assertThat(indexed("words")).containsExactly(rowOf("id1"));
        long position = db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT indexed_to FROM history_text_position");
                 ResultSet rows = s.executeQuery()) {
                return rows.next() ? rows.getLong(1) : -1L;
            }
        });
        assertThat(position).isEqualTo(rowOf("id1"));
    }
}
