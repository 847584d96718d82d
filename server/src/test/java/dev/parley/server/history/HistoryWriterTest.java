package dev.parley.server.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.store.Database;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history writer against a real SQLite file: how records are grouped into transactions. */
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
}
