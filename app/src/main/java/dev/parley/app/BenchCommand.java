package dev.parley.app;

import dev.parley.app.bench.ConnectionsBenchmark;
import dev.parley.app.bench.LoginBurstBenchmark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parley bench}: benchmarks that print figures, against a server started for the run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark against a temporary local server and print the figures.",
        subcommands = {BenchCommand.Logins.class, BenchCommand.Connections.class})
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
                deleteTree(dir);
            }
            return 0;
        }
    }

    @Command(name = "connections", mixinStandardHelpOptions = true,
            description = {"How many connections one server holds and what they cost: clients connect over TLS,",
                "join rooms and stay; prints the server's CPU time and memory, and how long a message",
                "takes to reach a full room. The server runs as a process of its own. Each client is",
                "a file descriptor here and one in the server: raise `ulimit -n` above the count."})
    static final class Connections implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--connections", defaultValue = "10000", description = "Clients (default ${DEFAULT-VALUE}).")
        int connections;

        @Option(names = "--room-size", defaultValue = "100", description = "Clients a room (default ${DEFAULT-VALUE}).")
        int roomSize;

        @Option(names = "--in-flight", defaultValue = "200",
                description = "Clients connecting at the same time (default ${DEFAULT-VALUE}).")
        int inFlight;

        @Option(names = "--server-java-option", paramLabel = "OPTION",
                description = "A JVM option for the server process, e.g. -Xmx512m; repeatable.")
        List<String> serverJavaOptions = List.of();

        @Override
        public Integer call() throws Exception {
            if (connections < 1 || roomSize < 1 || inFlight < 1) {
                spec.commandLine().getErr().println("parley bench connections: the counts must be at least 1");
                return 2;
            }
            OptionalLong openFiles = openFileLimit();
            // Each client is a descriptor here and one in the server, which inherits this limit;
            // both need some to spare (jars, the database, the talker, jcmd).
            if (openFiles.isPresent() && connections + 200 > openFiles.getAsLong()) {
                spec.commandLine().getErr().printf("parley bench connections: %d connections need more open files "
                        + "than this shell allows (ulimit -n: %d); raise the limit or ask for at most %d%n",
                        connections, openFiles.getAsLong(), Math.max(1, openFiles.getAsLong() - 200));
                return 2;
            }
            Logging.quiet();
            Path dir = Files.createTempDirectory("parley-bench-");
            try {
                new ConnectionsBenchmark(connections, roomSize, inFlight, serverJavaOptions,
                        spec.commandLine().getOut()).run(dir);
            } finally {
                deleteTree(dir);
            }
            return 0;
        }
    }

    /** This process's limit on open files (ulimit -n), where Linux tells it. */
    private static OptionalLong openFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(soft));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: the benchmark finds out the hard way
        }
        return OptionalLong.empty();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
