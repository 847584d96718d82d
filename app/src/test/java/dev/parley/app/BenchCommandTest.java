package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ParleyServer;
import dev.parley.server.config.ParleyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmarks run end to end at a small size and report what they measured; figures are not
 * judged (the machine may be busy), but what must hold at any speed does: everyone gets in and
 * nothing is lost (each step drains for up to 10 s, and ends as soon as all has arrived).
 */
class BenchCommandTest {
    /** A step's progress line with a count of lost messages other than 0. */
    private static final String ANY_LOST = "(?s).*lost [1-9].*";

    @TempDir
    Path dir;

    @Test
    void connectionsBenchmarkHoldsEveryClientAndReportsTheCost() {
        CommandRun run = CommandRun.run(null, "bench", "connections", "--connections", "20", "--room-size", "5",
                "--in-flight", "5");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Connected, registered and joined: 20 of 20", "Server CPU for that:",
                "250 of 250 deliveries", "Connections lost during the run: 0",
                "Stopped with 20 clients connected: the server exited");
    }

    @Test
    void loginBenchmarkLogsEveryoneIn() {
        CommandRun run = CommandRun.run(null, "bench", "logins", "--logins", "3");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Logins: 3 of 3 succeeded", "chat delay during the burst");
    }

    @Test
    void countsBelowOneAreRefusedPlainly() {
        CommandRun run = CommandRun.run(null, "bench", "connections", "--connections", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("at least 1");
    }

    @Test
    void moreConnectionsThanOpenFilesAreRefusedBeforeStarting() {
        CommandRun run = CommandRun.run(null, "bench", "connections", "--connections", "100000000");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("need more open files", "ulimit -n");
    }

    @Test
    void fanoutRunsFixedRateStepsAndARampWithNothingLost() throws Exception {
        Path results = dir.resolve("fanout.txt");
        CommandRun run = CommandRun.run(null, "bench", "fanout", "--clients", "20", "--senders", "2", "--rates", "50",
                "--start-rate", "50", "--max-rate", "100", "--precision", "0.9", "--prewarm", "0.2", "--warmup", "0.2",
                "--duration", "0.5",
                "--drain", "10", "--results", results.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("All 20 clients registered and joined", "     50 msg/s: p50", "at 50 msg/s:",
                "server CPU", "generator CPU", "Max rate:").doesNotMatch(ANY_LOST);
        assertThat(Files.readString(results)).contains("cpu_us_per_delivery@50 ", "server_cpu_pct@50 ", "lost@50 0\n",
                "max_rate ", "generator_cpu_pct_peak ");
    }

    @Test
    void roomsOverTlsDeliverEverything() {
        CommandRun run = CommandRun.run(null, "bench", "rooms", "--tls", "--clients", "12", "--rooms", "3",
                "--senders", "3", "--rates", "30", "--no-ramp", "--prewarm", "0.2", "--warmup", "0.2", "--duration", "0.5",
                "--drain", "10");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("(TLS): 12 clients in 3 rooms, 3 senders", "     30 msg/s: p50", "lost 0")
                .doesNotMatch(ANY_LOST);
    }

    @Test
    void idleReportsMemoryPerConnection() {
        CommandRun run = CommandRun.run(null, "bench", "idle", "--clients", "20");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Registered and settled: 20 of 20", "Server resident memory (RSS):",
                "Server live Java heap after GC:", "KiB a connection");
    }

    @Test
    void stormRegistersEveryone() {
        CommandRun run = CommandRun.run(null, "bench", "storm", "--clients", "20");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Registered: 20 of 20", "registrations/s; failed: 0");
    }

    @Test
    void runMeasuresAServerThatIsAlreadyRunning() throws Exception {
        ParleyConfig defaults = ParleyConfig.defaults();
        ParleyConfig config = new ParleyConfig(defaults.server(),
                List.of(new ParleyConfig.ListenSection("127.0.0.1", 0, false)),
                new ParleyConfig.StorageSection(dir.resolve("data")), new ParleyConfig.RoomsSection(List.of()),
                new ParleyConfig.AuthSection(true, Optional.empty(), false, false), defaults.tls(), defaults.limits(),
                defaults.history(), List.of(), List.of(), Optional.empty());
        Path results = dir.resolve("storm.txt");
        try (ParleyServer server = ParleyServer.start(config)) {
            // This JVM is the server here, so its own pid is the one to read.
            CommandRun run = CommandRun.run(null, "bench", "run", "storm", "--port",
                    String.valueOf(server.boundAddresses().get(0).getPort()), "--server-pid",
                    String.valueOf(ProcessHandle.current().pid()), "--clients", "10", "--results", results.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("Registered: 10 of 10");
        }
        assertThat(Files.readString(results)).contains("registrations_per_s ", "failed 0\n");
    }

    @Test
    void generatorOptionMistakesAreSaidPlainly() {
        CommandRun noPort = CommandRun.run(null, "bench", "run", "fanout", "--server-pid", "1");
        assertThat(noPort.exitCode()).isEqualTo(2);
        assertThat(noPort.err()).contains("--port and --server-pid are required");
        CommandRun hostHere = CommandRun.run(null, "bench", "fanout", "--host", "example.org");
        assertThat(hostHere.exitCode()).isEqualTo(2);
        assertThat(hostHere.err()).contains("unknown option --host (the server is started here)");
        CommandRun badRate = CommandRun.run(null, "bench", "rooms", "--rates", "fast");
        assertThat(badRate.exitCode()).isEqualTo(2);
        assertThat(badRate.err()).contains("--rates must be a whole number");
    }
}
