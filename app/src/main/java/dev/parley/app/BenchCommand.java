package dev.parley.app;

import dev.parley.app.bench.ConnectionsBenchmark;
import dev.parley.app.bench.HistoryBenchmark;
import dev.parley.app.bench.LoginBurstBenchmark;
import dev.parley.app.bench.ParleyBench;
import dev.parley.app.bench.ServerLaunch;
import dev.parley.bench.BenchMain;
import dev.parley.bench.BenchSettings;
import dev.parley.bench.ProcStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code parley bench}: benchmarks that print figures, against a server started for the run or a running one. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark against a temporary local server (or, with run, any running IRC server) "
                + "and print the figures.",
        subcommands = {BenchCommand.Logins.class, BenchCommand.Connections.class, BenchCommand.Fanout.class,
                BenchCommand.Rooms.class, BenchCommand.Idle.class, BenchCommand.Storm.class, BenchCommand.History.class,
                BenchCommand.Run.class})
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

        @Option(names = "--scram-iterations", defaultValue = "600000",
                description = "PBKDF2 iterations of the SCRAM keys, as [auth] scram_iterations (default ${DEFAULT-VALUE}).")
        int scramIterations;

        @Override
        public Integer call() throws Exception {
            Logging.quiet();
            Path dir = Files.createTempDirectory("parley-bench-");
            try {
                new LoginBurstBenchmark(logins, intervalMillis, scramIterations, spec.commandLine().getOut()).run(dir);
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
                description = "A JVM option for the server process, e.g. -Xmx512m; repeatable. "
                        + ServerLaunch.DEFAULT_HELP)
        List<String> serverJavaOptions = List.of();

        @Override
        public Integer call() throws Exception {
            if (connections < 1 || roomSize < 1 || inFlight < 1) {
                spec.commandLine().getErr().println("parley bench connections: the counts must be at least 1");
                return 2;
            }
            OptionalLong openFiles = ProcStat.openFileLimit();
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
                new ConnectionsBenchmark(connections, roomSize, inFlight, ServerLaunch.of(Main.class.getName(), serverJavaOptions),
                        spec.commandLine().getOut()).run(dir);
            } finally {
                deleteTree(dir);
            }
            return 0;
        }
    }

    /**
     * A load scenario of the bench module against a Parley started for it: every option but the
     * two below is the generator's (listed in the footer), passed on as given.
     */
    abstract static class SelfStarted implements Callable<Integer> {
        private final String scenario;

        @Spec
        CommandSpec spec;

        @Option(names = "--server-java-option", paramLabel = "OPTION",
                description = "A JVM option for the server process, e.g. -Xmx512m; repeatable. "
                        + ServerLaunch.DEFAULT_HELP)
        List<String> serverJavaOptions = List.of();

        @Option(names = "--send-queue-bytes", defaultValue = "1048576",
                description = "The server's send-queue limit per client (default ${DEFAULT-VALUE}).")
        int sendQueueBytes;

        @Unmatched
        List<String> generatorOptions = new ArrayList<>();

        SelfStarted(String scenario) {
            this.scenario = scenario;
        }

        @Override
        public Integer call() throws Exception {
            BenchSettings settings;
            try {
                settings = BenchSettings.parse(scenario, generatorOptions, false);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("parley bench " + scenario + ": " + e.getMessage());
                return 2;
            }
            Logging.quiet();
            Path dir = Files.createTempDirectory("parley-bench-");
            try {
                return new ParleyBench(settings, sendQueueBytes, ServerLaunch.of(Main.class.getName(), serverJavaOptions),
                        spec.commandLine().getOut(),
                        spec.commandLine().getErr()).run(dir);
            } finally {
                deleteTree(dir);
            }
        }
    }

    @Command(name = "fanout", mixinStandardHelpOptions = true, footer = BenchSettings.HELP,
            description = "Fan-out into one big room: max msg/s with p99 < 100 ms and nothing lost, and server CPU "
                    + "per delivery at fixed rates, against a Parley started for it.")
    static final class Fanout extends SelfStarted {
        Fanout() {
            super("fanout");
        }
    }

    @Command(name = "rooms", mixinStandardHelpOptions = true, footer = BenchSettings.HELP,
            description = "Many small rooms, one sender each: max msg/s and server CPU per delivery, against a Parley "
                    + "started for it.")
    static final class Rooms extends SelfStarted {
        Rooms() {
            super("rooms");
        }
    }

    @Command(name = "idle", mixinStandardHelpOptions = true, footer = BenchSettings.HELP,
            description = "Memory per registered idle connection (resident and live heap), against a Parley started "
                    + "for it. Each client is a file descriptor here and one in the server: mind ulimit -n.")
    static final class Idle extends SelfStarted {
        Idle() {
            super("idle");
        }
    }

    @Command(name = "storm", mixinStandardHelpOptions = true, footer = BenchSettings.HELP,
            description = "Many clients register at once: registrations/s and failures, against a Parley started "
                    + "for it.")
    static final class Storm extends SelfStarted {
        Storm() {
            super("storm");
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, footer = BenchSettings.HELP,
            description = {"What keeping history costs: how fast history stores on its own, then a chat load",
                "(the rooms scenario by default; --scenario fanout for one big room) against a Parley with",
                "history off and one with it on, latency and deliveries side by side."})
    static final class History implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--scenario", defaultValue = "rooms",
                description = "The chat load: rooms or fanout (default ${DEFAULT-VALUE}).")
        String scenario;

        @Option(names = "--records", defaultValue = "200000",
                description = "Messages for the store-only figure (default ${DEFAULT-VALUE}).")
        int records;

        @Option(names = "--server-java-option", paramLabel = "OPTION",
                description = "A JVM option for the server processes, e.g. -Xmx512m; repeatable. "
                        + ServerLaunch.DEFAULT_HELP)
        List<String> serverJavaOptions = List.of();

        @Unmatched
        List<String> generatorOptions = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            if (!scenario.equals("rooms") && !scenario.equals("fanout")) {
                spec.commandLine().getErr().println("parley bench history: --scenario is rooms or fanout");
                return 2;
            }
            BenchSettings settings;
            try {
                List<String> options = new ArrayList<>(generatorOptions);
                if (!options.contains("--rates") && scenario.equals("rooms")) {
                    options.addAll(List.of("--rates", "1000,5000,20000"));
                }
                settings = BenchSettings.parse(scenario, options, false);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("parley bench history: " + e.getMessage());
                return 2;
            }
            Logging.quiet();
            Path dir = Files.createTempDirectory("parley-bench-");
            try {
                return new HistoryBenchmark(settings, records, ServerLaunch.of(Main.class.getName(), serverJavaOptions),
                        spec.commandLine().getOut(), spec.commandLine().getErr()).run(dir);
            } finally {
                deleteTree(dir);
            }
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            footer = BenchSettings.HELP + BenchSettings.EXTERNAL_HELP,
            description = {"A load scenario against an IRC server that is already running (Parley or any other):",
                "parley bench run SCENARIO --port P --server-pid PID [options]. bench/compare.sh uses it."})
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            Logging.quiet();
            return BenchMain.run(args, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
