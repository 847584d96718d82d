package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmarks run end to end at a small size and report what they measured; figures are not judged. */
class BenchCommandTest {

    @Test
    void connectionsBenchmarkHoldsEveryClientAndReportsTheCost() {
        CommandRun run = CommandRun.run(null, "bench", "connections", "--connections", "20", "--room-size", "5",
                "--in-flight", "5");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Connected, registered and joined: 20 of 20", "Server CPU for that:",
                "250 of 250 deliveries", "Connections lost during the run: 0");
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
}
