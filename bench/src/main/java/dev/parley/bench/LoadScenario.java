package dev.parley.bench;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code fanout} and {@code rooms}: clients spread over rooms, some of them talking. First the
 * fixed-rate steps (server CPU per delivery), then the search for the highest rate that passes:
 * double from the start rate until a step fails, then bisect between the last pass and the first
 * fail. Clients the server drops are reconnected before the next step; when that fails too, the
 * search stops there and says so.
 */
final class LoadScenario {
    /** The second half of the warm-up runs at this many times the first step's rate. */
    private static final int PREWARM_LOAD = 16;
    /** After the warm-up, seconds of a server at rest before the first step, and the longest wait for them. */
    private static final int REST_SECONDS = 2;
    private static final int REST_WAIT_SECONDS = 60;
    /** Rounds of connecting again the clients that failed to set up, before giving up. */
    static final int SETUP_RETRIES = 2;

    private final BenchSettings settings;
    private final ServerProbe server;
    private final PrintWriter out;
    private final Figures figures;
    private double generatorPeak;
    /** Set when dropped clients could not be reconnected: no later step would be comparable. */
    private boolean broken;

    LoadScenario(BenchSettings settings, ServerProbe server, PrintWriter out, Figures figures) {
        this.settings = settings;
        this.server = server;
        this.out = out;
        this.figures = figures;
    }

    /** Returns false when the clients could not be set up. */
    boolean run() throws Exception {
        int clients = settings.clients();
        int rooms = settings.rooms();
        String[] roomOf = new String[clients];
        for (int i = 0; i < clients; i++) {
            roomOf[i] = MessageFormat.room(i % rooms, rooms);
        }
        // Sender j is client j, in room j % rooms: one per room first, then a second round.
        int[] senders = new int[settings.senders()];
        for (int j = 0; j < senders.length; j++) {
            senders[j] = j;
        }
        try (Loops loops = new Loops(settings.threads(), settings.tls());
             Crowd crowd = new Crowd(loops, new InetSocketAddress(settings.host(), settings.port()),
                     BenchClient.Goal.JOIN, roomOf, i -> i < senders.length)) {
            out.printf("%s against %s:%d (%s): %d clients in %d room%s, %d senders, lines of %d bytes; generator: %s%n",
                    settings.scenario().label(), settings.host(), settings.port(), settings.tls() ? "TLS" : "plaintext",
                    clients, rooms, rooms == 1 ? "" : "s", senders.length, settings.lineBytes(), loops.description());
            out.flush();
            long started = System.nanoTime();
            int retried = crowd.connectRetrying(range(clients), settings.inFlight(), settings.timeoutSeconds(),
                    SETUP_RETRIES);
            Map<String, Integer> failures = crowd.takeFailures();
            if (crowd.readyCount() < clients) {
                out.printf("Set-up failed: %d of %d clients could not register and join:%n", clients - crowd.readyCount(),
                        clients);
                failures.forEach((why, n) -> out.printf("  %d: %s%n", n, why));
                return false;
            }
            out.printf("All %d clients registered and joined in %.1f s%s%n", clients, (System.nanoTime() - started) / 1e9,
                    retried == 0 ? "" : " (" + retried + " tried again after: " + failures + ")");
            out.flush();
            StepRunner runner = new StepRunner(settings, loops, crowd, server, senders);
            if (settings.prewarmSeconds() > 0) {
                // Half the time at the first step's rate, half at sixteen times it: a JIT compiles
                // what a server does under heavy load only when it has seen it, and a step that
                // catches it recompiling measures the compiler.
                int rate = settings.rates().isEmpty() ? settings.startRate() : settings.rates().get(0);
                double half = settings.prewarmSeconds() / 2;
                out.printf("Warming up: %.0f s at %d msg/s and %.0f s at %d msg/s, not measured%n", half, rate, half,
                        rate * PREWARM_LOAD);
                out.flush();
                runner.warm(rate, half);
                runner.warm(rate * PREWARM_LOAD, half);
                // The burst leaves work behind (queues to drain, a history writer to catch up, the
                // JIT compiling): the first step measures the rate it asks for, not that.
                ServerRest.await(server, REST_SECONDS, REST_WAIT_SECONDS, out);
            }
            for (int rate : settings.rates()) {
                fixedRateFigures(step(runner, crowd, rate));
                if (broken) {
                    return true;
                }
            }
            if (settings.ramp()) {
                search(runner, crowd);
            }
            figures.put("generator_cpu_pct_peak", generatorPeak);
        }
        return true;
    }

    private void fixedRateFigures(StepResult r) {
        String at = "@" + r.rate();
        r.serverMicrosPerDelivery().ifPresent(v -> figures.put("cpu_us_per_delivery" + at, v));
        r.serverCpuPercent().ifPresent(v -> figures.put("server_cpu_pct" + at, v));
        figures.put("p50_ms" + at, r.p50Millis());
        figures.put("p99_ms" + at, r.p99Millis());
        figures.put("deliveries_per_s" + at, r.deliveriesPerSecond());
        figures.put("lost" + at, r.lost());
        figures.put("passed" + at, r.passed() ? 1 : 0);
        out.printf("  at %d msg/s: %s%n", r.rate(), r.passed() ? "passed" : "failed (" + r.why() + ")");
    }

    private void search(StepRunner runner, Crowd crowd) throws InterruptedException {
        out.printf("Searching for the highest rate with p99 < %s ms and nothing lost, from %d msg/s...%n",
                fmt(settings.p99Millis()), settings.startRate());
        out.flush();
        Integer pass = null;
        Integer fail = null;
        StepResult best = null;
        int rate = Math.min(settings.startRate(), settings.maxRate());
        String stoppedBecause = null;
        while (true) {
            StepResult r = step(runner, crowd, rate);
            if (r.passed()) {
                pass = rate;
                best = r;
            } else {
                fail = rate;
            }
            if (broken) {
                stoppedBecause = "dropped clients could not reconnect";
                break;
            }
            Integer next;
            if (fail == null) {
                next = rate >= settings.maxRate() ? null : (int) Math.min(settings.maxRate(), rate * 2L);
            } else if (pass == null) {
                next = rate > 1 ? rate / 2 : null;
            } else {
                next = fail - pass > Math.max(1, settings.precision() * pass) ? (pass + fail) / 2 : null;
            }
            if (next == null) {
                break;
            }
            rate = next;
        }
        if (pass == null) {
            out.printf("Max rate: none passed%s%n", stoppedBecause == null ? "" : " (" + stoppedBecause + ")");
            figures.put("max_rate", 0);
            return;
        }
        boolean capped = fail == null && stoppedBecause == null;
        out.printf("Max rate: %d msg/s (p99 %.2f ms, %,.0f deliveries/s)%s%n", pass, best.p99Millis(),
                best.deliveriesPerSecond(), capped ? " -- the --max-rate cap; the server may do more"
                        : stoppedBecause != null ? " -- the search stopped: " + stoppedBecause
                        : ", first failing step " + fail + " msg/s");
        figures.put("max_rate", pass);
        figures.put("max_rate_p99_ms", best.p99Millis());
        figures.put("max_rate_deliveries_per_s", best.deliveriesPerSecond());
        best.serverCpuPercent().ifPresent(v -> figures.put("max_rate_server_cpu_pct", v));
    }

    /** Runs a step, prints its line, and reconnects what it lost (or marks the run broken). */
    private StepResult step(StepRunner runner, Crowd crowd, int rate) throws InterruptedException {
        StepResult r = runner.run(rate);
        generatorPeak = Math.max(generatorPeak, r.generatorCpuPercent().orElse(0));
        out.println(r.progressLine());
        out.flush();
        if (r.drops().any()) {
            crowd.connect(r.drops().clients(), settings.inFlight(), settings.timeoutSeconds());
            Map<String, Integer> failures = crowd.takeFailures();
            if (!failures.isEmpty()) {
                out.printf("  %d dropped clients could not reconnect: %s%n",
                        failures.values().stream().mapToInt(Integer::intValue).sum(), failures);
                broken = true;
            } else {
                out.printf("  reconnected %d dropped clients%n", r.drops().clients().size());
            }
        }
        return r;
    }

    static List<Integer> range(int n) {
        List<Integer> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        return all;
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.0f", d);
    }
}
