package dev.parley.app.bench;

import dev.parley.bench.BenchMain;
import dev.parley.bench.BenchSettings;
import dev.parley.protocol.IrcMessage;
import dev.parley.server.command.ServerContext;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.history.History;
import dev.parley.server.history.HistoryRecord;
import dev.parley.server.store.Database;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code parley bench history}: what keeping history costs. First how fast history stores on its
 * own (records queued as fast as one thread can, as the event loops queue them, until all are
 * committed); then the same chat load against a Parley with history off and one with it on,
 * latency and deliveries side by side, and how much of what was sent was stored.
 */
public final class HistoryBenchmark {
    private final BenchSettings settings;
    private final int records;
    private final ServerLaunch launch;
    private final PrintWriter out;
    private final PrintWriter err;

    public HistoryBenchmark(BenchSettings settings, int records, ServerLaunch launch, PrintWriter out,
                            PrintWriter err) {
        this.settings = settings;
        this.records = records;
        this.launch = launch;
        this.out = out;
        this.err = err;
    }

    /** Runs in {@code dir}; returns the exit status. */
    public int run(Path dir) throws Exception {
        storeRate(dir.resolve("store"));
        Map<String, Map<String, String>> figures = new LinkedHashMap<>();
        long[] storedOn = new long[1];
        for (boolean on : new boolean[] {false, true}) {
            String mode = on ? "on" : "off";
            Path runDir = Files.createDirectories(dir.resolve(mode));
            Path config = runDir.resolve("parley.toml");
            Files.writeString(config, ParleyBench.config(settings.tls(), 1 << 20)
                    + "\n[history]\nenabled = " + on + "\n");
            Path results = runDir.resolve("results.txt");
            out.printf("%n== chat with history %s ==%n", mode);
            try (ServerProcess server = ServerProcess.start(config, launch)) {
                out.printf("Parley started in its own JVM (pid %d, %s)%n", server.pid(), launch.describe());
                out.flush();
                int status = BenchMain.run(settings.at(server.address().getHostString(), server.address().getPort())
                        .withResults(results), server, out, err);
                if (status != 0) {
                    return status;
                }
            }
            figures.put(mode, read(results));
            if (on) {
                storedOn[0] = storedMessages(runDir.resolve("data"));
            }
        }
        summary(figures, storedOn[0]);
        return 0;
    }

    /** Queues {@code records} room messages and waits until history has committed them all. */
    private void storeRate(Path dataDir) throws InterruptedException {
        out.printf("== history store, on its own ==%n");
        try (Database database = Database.open(dataDir);
             History history = History.open(database, ParleyConfig.HistorySection.defaults())) {
            String text = "x".repeat(Math.max(1, settings.lineBytes() - 40));
            Object lock = new Object();
            ServerContext ids = new ServerContext(ParleyConfig.defaults());
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                while (history.pending() > 100_000) {
                    Thread.onSpinWait(); // a server that outruns its disk loses history; a benchmark waits
                }
                IrcMessage message = IrcMessage.from("sender" + (i % 100) + "!bench@127.0.0.1", "PRIVMSG",
                        "#room" + (i % 100), text);
                synchronized (lock) { // as the event loops queue them: under the state lock
                    history.record(HistoryRecord.room("#room" + (i % 100), ids.newMessageId(), System.currentTimeMillis(),
                            null, message));
                }
            }
            CountDownLatch done = new CountDownLatch(1);
            history.afterPending(done::countDown);
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("history did not finish writing");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            History.Stats stats = history.stats();
            out.printf(Locale.ROOT, "stored %,d messages in %.2f s: %,.0f messages/s (%,d transactions, %.0f messages "
                            + "each, %.2f ms each; lost %d)%n", stats.stored(), seconds, stats.stored() / seconds,
                    stats.commits(), (double) stats.stored() / Math.max(1, stats.commits()),
                    stats.commitNanos() / 1e6 / Math.max(1, stats.commits()), stats.lost());
            out.flush();
        }
    }

    private static long storedMessages(Path dataDir) {
        try (Database database = Database.open(dataDir)) {
            return database.read(c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM history WHERE command = 'PRIVMSG'");
                     ResultSet rows = s.executeQuery()) {
                    return rows.next() ? rows.getLong(1) : 0L;
                }
            });
        }
    }

    private void summary(Map<String, Map<String, String>> figures, long stored) {
        out.printf("%n== history off / on ==%n");
        Map<String, String> off = figures.get("off");
        Map<String, String> on = figures.get("on");
        List<String> rates = new ArrayList<>();
        off.keySet().stream().filter(k -> k.startsWith("p99_ms@")).forEach(k -> rates.add(k.substring(7)));
        for (String rate : rates) {
            out.printf(Locale.ROOT, "at %s msg/s: p50 %s / %s ms, p99 %s / %s ms (%s), deliveries/s %s / %s%n", rate,
                    off.get("p50_ms@" + rate), on.get("p50_ms@" + rate), off.get("p99_ms@" + rate),
                    on.get("p99_ms@" + rate), change(off.get("p99_ms@" + rate), on.get("p99_ms@" + rate)),
                    off.get("deliveries_per_s@" + rate), on.get("deliveries_per_s@" + rate));
        }
        if (off.containsKey("max_rate")) {
            out.printf("max msg/s with p99 < %s ms: %s / %s%n", settings.p99Millis(), off.get("max_rate"),
                    on.get("max_rate"));
        }
        out.printf("messages stored while history was on: %,d (every message the senders sent in the run)%n", stored);
        out.flush();
    }

    private static String change(String before, String after) {
        if (before == null || after == null) {
            return "-";
        }
        double b = Double.parseDouble(before);
        double a = Double.parseDouble(after);
        return b <= 0 ? "-" : String.format(Locale.ROOT, "%+.0f %%", (a - b) / b * 100);
    }

    private static Map<String, String> read(Path results) throws java.io.IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(results)) {
            int space = line.indexOf(' ');
            if (space > 0) {
                values.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        return values;
    }
}
