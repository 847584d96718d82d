package dev.parley.app;

import dev.parley.app.bench.LoginBurstBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parley bench}: benchmarks that print figures, against a server started for the run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark against a temporary local server and print the figures.",
        subcommands = {BenchCommand.Logins.class})
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "logins", mixinStandardHelpOptions = true,
            description = "Chat delay while many members log in at once (password hashing off the event loop).")
    static final class Logins implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--logins", defaultValue = "50", description = "Simultaneous logins (default ${DEFAULT-VALUE}).")
        int logins;

        @Option(names = "--interval-ms", defaultValue = "5",
                description = "Pause between chat messages (default ${DEFAULT-VALUE}).")
        int intervalMillis;

        @Override
        public Integer call() throws Exception {
            Logging.quiet();
            Path dir = Files.createTempDirectory("parley-bench-");
            try {
                new LoginBurstBenchmark(logins, intervalMillis, spec.commandLine().getOut()).run(dir);
            } finally {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return 0;
        }
    }
}
