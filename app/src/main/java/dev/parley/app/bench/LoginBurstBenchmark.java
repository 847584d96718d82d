package dev.parley.app.bench;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.ParleyServer;
import dev.parley.server.config.ParleyConfig;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * How much a burst of logins (Argon2id checks) slows chat for people already connected: one member
 * sends a timestamped message every few milliseconds while {@code logins} clients log in at once;
 * the delays are printed before, during and after the burst.
 */
public final class LoginBurstBenchmark {
    private final int logins;
    private final int intervalMillis;
    private final int scramIterations;
    private final PrintWriter out;

    public LoginBurstBenchmark(int logins, int intervalMillis, int scramIterations, PrintWriter out) {
        this.logins = logins;
        this.intervalMillis = intervalMillis;
        this.scramIterations = scramIterations;
        this.out = out;
    }

    public void run(Path dataDir) throws Exception {
        ParleyConfig defaults = ParleyConfig.defaults();
        ParleyConfig.LimitsSection d = defaults.limits();
        // The sender talks faster than flood control allows on purpose: what is measured is how
        // long the server takes to pass a message on, not the flood policy.
        ParleyConfig.LimitsSection unthrottled = new ParleyConfig.LimitsSection(100_000, 100_000,
                d.maxConnectionsPerIp(), d.sendQueueBytes(), d.pingIntervalSeconds(), d.pingTimeoutSeconds(),
                d.maxRoomsPerUser(), d.registrationTimeoutSeconds());
        ParleyConfig config = new ParleyConfig(defaults.server(),
                List.of(new ParleyConfig.ListenSection("127.0.0.1", 0, true)),
                new ParleyConfig.StorageSection(dataDir), new ParleyConfig.RoomsSection(List.of()),
                new ParleyConfig.AuthSection(true, Optional.empty(), false, true, true, scramIterations,
                        ParleyConfig.AuthSection.DEFAULT_AUDIT_RETENTION_DAYS), defaults.tls(), unthrottled,
                defaults.history(), List.of(), List.of(), Optional.empty());
        try (ParleyServer server = ParleyServer.start(config)) {
            InetSocketAddress address = server.boundAddresses().get(0);
            String fingerprint = server.certificateFingerprint().orElseThrow();
            out.printf("Creating %d accounts (Argon2id m=19456 KiB, t=2, p=1; SCRAM keys at %,d iterations)...%n",
                    logins, scramIterations);
            out.flush();
            long created = System.nanoTime();
            for (int i = 0; i < logins; i++) {
                server.accounts().store().create("bench" + i, "Bench " + i, "password-" + i);
            }
            out.printf("Setting a password costs the server %.0f ms (Argon2id hash + SCRAM keys)%n",
                    (System.nanoTime() - created) / 1e6 / logins);
            loginCost(address, fingerprint);
            try (BenchClient sender = new BenchClient(address, fingerprint);
                 BenchClient receiver = new BenchClient(address, fingerprint)) {
                sender.register("sender");
                receiver.register("receiver");
                sender.send("JOIN #bench");
                sender.await("366");
                receiver.send("JOIN #bench");
                receiver.await("366");

                List<Long> before = measure(sender, receiver, 100, null);
                ExecutorService pool = Executors.newFixedThreadPool(logins);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> results = new ArrayList<>();
                long[] burstNanos = new long[2];
                for (int i = 0; i < logins; i++) {
                    int n = i;
                    results.add(pool.submit(() -> {
                        go.await();
                        try (BenchClient c = new BenchClient(address, fingerprint)) {
                            return c.loginPlain("bench" + n, "password-" + n);
                        }
                    }));
                }
                burstNanos[0] = System.nanoTime();
                go.countDown();
                List<Long> during = measure(sender, receiver, 0, results);
                burstNanos[1] = System.nanoTime();
                int ok = 0;
                for (Future<String> result : results) {
                    ok += "903".equals(result.get()) ? 1 : 0;
                }
                pool.shutdown();
                pool.awaitTermination(10, TimeUnit.SECONDS);
                List<Long> after = measure(sender, receiver, 100, null);

                out.printf("Logins: %d of %d succeeded in %.2f s (%.1f logins/s on %d cores)%n", ok, logins,
                        (burstNanos[1] - burstNanos[0]) / 1e9, logins / ((burstNanos[1] - burstNanos[0]) / 1e9),
                        Runtime.getRuntime().availableProcessors());
                report("chat delay before the burst", before);
                report("chat delay during the burst", during);
                report("chat delay after the burst ", after);
            }
        }
    }

    /**
     * One login at a time, whole (TLS connection, CAP, SASL), by PLAIN and by SCRAM-SHA-256 (whose
     * client computes PBKDF2 at the server's iteration count): what a member waits at each login.
     */
    private void loginCost(InetSocketAddress address, String fingerprint) throws Exception {
        for (String mechanism : List.of("PLAIN", "SCRAM-SHA-256")) {
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                try (BenchClient c = new BenchClient(address, fingerprint)) {
                    int n = i % logins; // as many accounts as --logins made
                    String end = mechanism.equals("PLAIN") ? c.loginPlain("bench" + n, "password-" + n)
                            : c.loginScram("bench" + n, "password-" + n);
                    if (!"903".equals(end)) {
                        throw new IllegalStateException(mechanism + " login failed: " + end);
                    }
                }
                micros.add((System.nanoTime() - start) / 1000);
            }
            report("one " + mechanism + " login (connect to 903)", "logins", micros);
        }
    }

    /**
     * Sends messages carrying their send time and reads them back; returns the delays in microseconds.
     * With {@code until} set it goes on until those futures are all done, else {@code count} messages.
     */
    private List<Long> measure(BenchClient sender, BenchClient receiver, int count, List<Future<String>> until)
            throws Exception {
        List<Long> delays = new ArrayList<>();
        int sent = 0;
        while (until == null ? sent < count : !until.stream().allMatch(Future::isDone)) {
            sender.send("PRIVMSG #bench :" + System.nanoTime());
            sent++;
            IrcMessage got = receiver.await("PRIVMSG");
            delays.add((System.nanoTime() - Long.parseLong(got.last())) / 1000);
            Thread.sleep(intervalMillis); // pacing of the load, not synchronisation
        }
        return delays;
    }

    private void report(String label, List<Long> micros) {
        report(label, "messages", micros);
    }

    private void report(String label, String what, List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        out.printf("%s: %d %s, median %.2f ms, p99 %.2f ms, worst %.2f ms%n", label, sorted.size(),
                what, percentile(sorted, 50) / 1000.0, percentile(sorted, 99) / 1000.0,
                sorted.get(sorted.size() - 1) / 1000.0);
        out.flush();
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
