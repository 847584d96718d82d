package dev.parley.bench;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code idle}: what holding registered, silent connections costs the server in memory.
 * {@code storm}: how fast it registers clients that all arrive at once.
 */
final class ConnectionScenarios {
    private static final int PREWARM_STORMS = 2;
    /** See {@link #awaitServerIdle}. */
    private static final int IDLE_SECONDS = 5;
    private static final int IDLE_WAIT_SECONDS = 30;
    private final BenchSettings settings;
    private final ServerProbe server;
    private final PrintWriter out;
    private final Figures figures;

    ConnectionScenarios(BenchSettings settings, ServerProbe server, PrintWriter out, Figures figures) {
        this.settings = settings;
        this.server = server;
        this.out = out;
        this.figures = figures;
    }

    void idle() throws Exception {
        int n = settings.clients();
        OptionalLong rssCold = server.residentKib();
        try (Loops loops = new Loops(settings.threads(), settings.tls())) {
            out.printf("idle against %s:%d (%s): %d connections, %d registering at a time; generator: %s%n",
                    settings.host(), settings.port(), settings.tls() ? "TLS" : "plaintext", n, settings.inFlight(),
                    loops.description());
            rssCold.ifPresent(kib -> {
                out.printf("Server resident memory (RSS) as it started: %.1f MiB%n", kib / 1024.0);
                figures.put("rss_started_mib", kib / 1024.0);
            });
            if (settings.prewarmSeconds() > 0) {
                // A tenth of the clients come and go first: what the first connection costs once (code
                // compiled, pools made, classes loaded) is no cost of each connection.
                int warm = Math.max(1, n / 10);
                out.printf("Warming up: %d connections come and go, not measured%n", warm);
                out.flush();
                try (Crowd first = new Crowd(loops, address(), BenchClient.Goal.SETTLE, new String[warm], i -> false)) {
                    first.connect(LoadScenario.range(warm), settings.inFlight(), settings.timeoutSeconds());
                }
            }
            measureIdle(loops, n);
        }
    }

    private void measureIdle(Loops loops, int n) throws Exception {
        // Before the first (measured) client: the server's baseline, once it is idle.
        awaitServerIdle();
        OptionalLong rssBefore = server.residentKib();
        OptionalLong heapBefore = server.liveHeapKib();
        OptionalLong cpuBefore = server.cpuTicks();
        try (Crowd crowd = new Crowd(loops, address(), BenchClient.Goal.SETTLE, new String[n], i -> false)) {
            out.flush();
            long started = System.nanoTime();
            int retried = crowd.connectRetrying(LoadScenario.range(n), settings.inFlight(), settings.timeoutSeconds(),
                    LoadScenario.SETUP_RETRIES);
            double seconds = (System.nanoTime() - started) / 1e9;
            int held = crowd.readyCount();
            out.printf("Registered and settled: %d of %d in %.1f s%s%n", held, n, seconds,
                    retried == 0 ? "" : " (" + retried + " tried again)");
            printFailures("a try failed", crowd.takeFailures());
            OptionalLong cpuAfter = server.cpuTicks();
            awaitServerIdle();
            OptionalLong rssAfter = server.residentKib();
            OptionalLong heapAfter = server.liveHeapKib();
            figures.put("connected", held);
            figures.put("failed", n - held);
            if (cpuBefore.isPresent() && cpuAfter.isPresent() && held > 0) {
                double ms = (cpuAfter.getAsLong() - cpuBefore.getAsLong()) * 1000.0 / ProcStat.TICKS_PER_SECOND;
                out.printf("Server CPU to accept and register them: %.2f s (%.3f ms a connection)%n", ms / 1000,
                        ms / held);
                figures.put("cpu_ms_per_connection", ms / held);
            }
            memory("resident memory (RSS)", "rss", rssBefore, rssAfter, held);
            memory("live Java heap after GC", "heap", heapBefore, heapAfter, held);
            out.flush();
        }
    }

    /**
     * Waits until the server uses next to no CPU ({@link ServerRest}, for {@link #IDLE_SECONDS}
     * seconds in a row; at most {@link #IDLE_WAIT_SECONDS}): the idle figures are of a server at
     * rest. Right after the clients settle a JVM is still compiling what they ran, and the
     * compiler's working memory (tens of MiB; the JVM empties its pool of it every five seconds,
     * and with {@code -XX:TrimNativeHeapInterval}, as {@code ./parley} starts it, gives it back to
     * the system) is no cost of the connections.
     */
    private void awaitServerIdle() throws InterruptedException {
        ServerRest.await(server, IDLE_SECONDS, IDLE_WAIT_SECONDS, out);
    }

    private void memory(String label, String key, OptionalLong before, OptionalLong after, int held) {
        if (before.isEmpty() || after.isEmpty() || held == 0) {
            return;
        }
        double perConnection = (after.getAsLong() - before.getAsLong()) / (double) held;
        out.printf("Server %s: %.1f MiB with no clients, %.1f MiB with %d: %.2f KiB a connection%n", label,
                before.getAsLong() / 1024.0, after.getAsLong() / 1024.0, held, perConnection);
        figures.put(key + "_baseline_mib", before.getAsLong() / 1024.0);
        figures.put(key + "_mib", after.getAsLong() / 1024.0);
        figures.put(key + "_kib_per_connection", perConnection);
    }

    void storm() throws Exception {
        int n = settings.clients();
        try (Loops loops = new Loops(settings.threads(), settings.tls())) {
            out.printf("storm against %s:%d (%s): %d clients connect and register at once; generator: %s%n",
                    settings.host(), settings.port(), settings.tls() ? "TLS" : "plaintext", n, loops.description());
            if (settings.prewarmSeconds() > 0) {
                // The same storm, unmeasured, first: neither the server nor this generator is
                // measured while a JIT still compiles what a registration runs.
                out.printf("Warming up: %d storms of %d, not measured%n", PREWARM_STORMS, n);
                out.flush();
                for (int round = 0; round < PREWARM_STORMS; round++) {
                    try (Crowd warm = new Crowd(loops, address(), BenchClient.Goal.REGISTER, new String[n], i -> false)) {
                        warm.connect(LoadScenario.range(n), n, settings.timeoutSeconds());
                    }
                }
            }
            measureStorm(loops, n);
        }
    }

    private void measureStorm(Loops loops, int n) throws Exception {
        try (Crowd crowd = new Crowd(loops, address(), BenchClient.Goal.REGISTER, new String[n], i -> false)) {
            out.flush();
            OptionalLong cpuBefore = server.cpuTicks();
            OptionalLong ownBefore = ProcStat.self().cpuTicks();
            long first = System.nanoTime();
            // Every connection at once: the storm is what is measured.
            crowd.connect(LoadScenario.range(n), n, settings.timeoutSeconds());
            OptionalLong cpuAfter = server.cpuTicks();
            OptionalLong ownAfter = ProcStat.self().cpuTicks();
            int registered = crowd.readyCount();
            double seconds = registered == 0 ? 0 : (crowd.lastRegisteredNanos() - first) / 1e9;
            double rate = seconds > 0 ? registered / seconds : 0;
            out.printf("Registered: %d of %d, first connect to last 001 in %.2f s: %.0f registrations/s; failed: %d%n",
                    registered, n, seconds, rate, n - registered);
            printFailures("failed", crowd.takeFailures());
            if (cpuBefore.isPresent() && cpuAfter.isPresent()) {
                double cpu = (cpuAfter.getAsLong() - cpuBefore.getAsLong()) / (double) ProcStat.TICKS_PER_SECOND;
                out.printf("Server CPU during the storm: %.2f s%n", cpu);
                figures.put("server_cpu_s", cpu);
            }
            if (ownBefore.isPresent() && ownAfter.isPresent()) {
                out.printf("Generator CPU during the storm: %.2f s%n",
                        (ownAfter.getAsLong() - ownBefore.getAsLong()) / (double) ProcStat.TICKS_PER_SECOND);
            }
            figures.put("registrations_per_s", rate);
            figures.put("failed", n - registered);
            out.flush();
        }
    }

    private void printFailures(String label, Map<String, Integer> failures) {
        failures.forEach((why, count) -> out.printf("  %s: %d (%s)%n", label, count, why));
    }

    private InetSocketAddress address() {
        return new InetSocketAddress(settings.host(), settings.port());
    }
}
