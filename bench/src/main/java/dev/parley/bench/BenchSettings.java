package dev.parley.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one run of the generator is told. The options are parsed here, once, for both ways
 * in: {@code parley bench run} against a running server, and {@code parley bench fanout|rooms|...}
 * against a Parley the command starts (which then sets the address itself).
 */
public record BenchSettings(
        Scenario scenario, String host, int port, boolean tls, long serverPid, boolean serverIsJvm,
        int clients, int rooms, int senders, List<Integer> rates, boolean ramp, int startRate, int maxRate,
        double precision, double prewarmSeconds, double warmupSeconds, double durationSeconds, double drainSeconds,
        double p99Millis, int lineBytes, int inFlight, int threads, double timeoutSeconds, Path results) {

    /** The scenarios of issue 9. */
    public enum Scenario {
        FANOUT(1000, 1, 10, List.of(100, 200), 100),
        ROOMS(2000, 100, 100, List.of(500), 1000),
        IDLE(10_000, 0, 0, List.of(), 0),
        STORM(2000, 0, 0, List.of(), 0);

        final int clients;
        final int rooms;
        final int senders;
        final List<Integer> rates;
        final int startRate;

        Scenario(int clients, int rooms, int senders, List<Integer> rates, int startRate) {
            this.clients = clients;
            this.rooms = rooms;
            this.senders = senders;
            this.rates = rates;
            this.startRate = startRate;
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Scenario of(String name) {
            for (Scenario s : values()) {
                if (s.label().equals(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown scenario '" + name + "' (fanout, rooms, idle or storm)");
        }
    }

    /** The options, for --help; a constant so that picocli can show it as a footer. */
    public static final String HELP = """
            Scenarios: fanout (1000 clients in one room, 10 senders), rooms (2000 clients in 100 rooms of
            20, one sender each), idle (10,000 registered idle connections: memory), storm (2000 clients
            register at once).
            Options (defaults in brackets, per scenario where they differ):
              --tls                  connect over TLS (any certificate is accepted: benchmark only)
              --clients N            connections [fanout 1000, rooms 2000, idle 10000, storm 2000]
              --rooms N              rooms the clients are spread over [fanout 1, rooms 100]
              --senders N            clients that talk, spread over the rooms [fanout 10, rooms 100]
              --rates R,R,...        fixed-rate steps, msg/s over all senders; 'none' for none
                                     [fanout 100,200; rooms 500]
              --no-ramp              skip the search for the highest passing rate
              --start-rate R         where the search starts doubling [fanout 100, rooms 1000]
              --max-rate R           the search goes no higher [1000000]
              --precision F          bisect until the gap between pass and fail is below F [0.1]
              --prewarm S            seconds of unmeasured sending at the first step's rate before any step,
                                     so that no server is measured cold (a JIT compiles as it goes) [10]
              --warmup S             seconds of sending before each measured window [1]
              --duration S           seconds of each measured window [5]
              --drain S              seconds to wait for stragglers after a window [2]
              --p99-ms MS            a step passes when p99 is below this and nothing is lost [100]
              --line-bytes N         bytes of each PRIVMSG line the senders send, CR LF included [100]
              --in-flight N          connections registering at a time while setting up [200]
              --threads N            generator event-loop threads [1]
              --timeout S            seconds a client may take to register (and join) before it counts
                                     as failed [storm 30, others 120]
              --results FILE         also write the figures to FILE, one 'key value' a line
            """;

    /** Options only {@code parley bench run} takes: the server is someone else's. */
    public static final String EXTERNAL_HELP = """
              --host H               the server's address [127.0.0.1]
              --port P               its port (plaintext or TLS, as --tls says); required
              --server-pid PID       its process, for CPU and memory from /proc; required
              --jvm                  the server is a JVM: for idle, also ask it for its live heap (jcmd)
            """;

    /**
     * Parses the options for {@code scenario}. With {@code external}, the server's address and pid
     * are options (and required); otherwise the caller starts the server and sets them.
     */
    public static BenchSettings parse(String scenarioName, List<String> args, boolean external) {
        Scenario scenario = Scenario.of(scenarioName);
        Builder b = new Builder(scenario);
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (option.equals("--tls")) {
                b.tls = true;
                continue;
            }
            if (option.equals("--jvm")) {
                externalOnly(external, option, option);
                b.serverIsJvm = true;
                continue;
            }
            if (option.equals("--no-ramp")) {
                b.ramp = false;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args.get(++i);
            switch (option) {
                case "--host" -> b.host = externalOnly(external, option, value);
                case "--port" -> b.port = range(option, externalOnly(external, option, value), 1, 65535);
                case "--server-pid" -> b.serverPid = range(option, externalOnly(external, option, value), 1,
                        Integer.MAX_VALUE);
                case "--clients" -> b.clients = range(option, value, 1, 1_000_000);
                case "--rooms" -> b.rooms = range(option, value, 1, 1_000_000);
                case "--senders" -> b.senders = range(option, value, 1, 1_000_000);
                case "--rates" -> b.rates = rates(value);
                case "--start-rate" -> b.startRate = range(option, value, 1, 100_000_000);
                case "--max-rate" -> b.maxRate = range(option, value, 1, 100_000_000);
                case "--precision" -> b.precision = seconds(option, value, 0.001, 1);
                case "--prewarm" -> b.prewarm = seconds(option, value, 0, 600);
                case "--warmup" -> b.warmup = seconds(option, value, 0, 600);
                case "--duration" -> b.duration = seconds(option, value, 0.1, 3600);
                case "--drain" -> b.drain = seconds(option, value, 0, 600);
                case "--p99-ms" -> b.p99Millis = seconds(option, value, 0.001, 1e6);
                case "--line-bytes" -> b.lineBytes = range(option, value, MessageFormat.MIN_LINE_BYTES,
                        MessageFormat.MAX_LINE_BYTES);
                case "--in-flight" -> b.inFlight = range(option, value, 1, 1_000_000);
                case "--threads" -> b.threads = range(option, value, 1, 64);
                case "--timeout" -> b.timeout = seconds(option, value, 0.1, 3600);
                case "--results" -> b.results = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (external && (b.port == 0 || b.serverPid == 0)) {
            throw new IllegalArgumentException("--port and --server-pid are required");
        }
        if (scenario.rooms > 0 && b.clients < b.rooms * 2) {
            throw new IllegalArgumentException("--clients must be at least twice --rooms (a sender needs a listener)");
        }
        if (scenario.rooms > 0 && b.senders > b.clients) {
            throw new IllegalArgumentException("--senders must be at most --clients");
        }
        return b.build();
    }

    /** The same settings against a server at this address (the caller started it). */
    public BenchSettings at(String newHost, int newPort) {
        return new BenchSettings(scenario, newHost, newPort, tls, serverPid, serverIsJvm, clients, rooms, senders, rates, ramp,
                startRate, maxRate, precision, prewarmSeconds, warmupSeconds, durationSeconds, drainSeconds, p99Millis,
                lineBytes,
                inFlight, threads, timeoutSeconds, results);
    }

    /** The same settings, writing the figures to {@code file}. */
    public BenchSettings withResults(Path file) {
        return new BenchSettings(scenario, host, port, tls, serverPid, serverIsJvm, clients, rooms, senders, rates, ramp,
                startRate, maxRate, precision, prewarmSeconds, warmupSeconds, durationSeconds, drainSeconds, p99Millis,
                lineBytes, inFlight, threads, timeoutSeconds, file);
    }

    private static String externalOnly(boolean external, String option, String value) {
        if (!external) {
            throw new IllegalArgumentException("unknown option " + option + " (the server is started here)");
        }
        return value;
    }

    private static int range(String option, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(option + " must be a whole number from " + min + " to " + max
                + ", got '" + value + "'");
    }

    private static double seconds(String option, String value, double min, double max) {
        try {
            double d = Double.parseDouble(value);
            if (d >= min && d <= max) {
                return d;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(option + " must be a number from " + min + " to " + max
                + ", got '" + value + "'");
    }

    private static List<Integer> rates(String value) {
        if (value.equals("none")) {
            return List.of();
        }
        List<Integer> rates = new ArrayList<>();
        for (String r : value.split(",")) {
            rates.add(range("--rates", r.strip(), 1, 100_000_000));
        }
        return List.copyOf(rates);
    }

    private static final class Builder {
        final Scenario scenario;
        String host = "127.0.0.1";
        int port;
        boolean tls;
        long serverPid;
        boolean serverIsJvm;
        int clients;
        int rooms;
        int senders;
        List<Integer> rates;
        boolean ramp = true;
        int startRate;
        int maxRate = 1_000_000;
        double precision = 0.1;
        double prewarm = 10;
        double warmup = 1;
        double duration = 5;
        double drain = 2;
        double p99Millis = 100;
        int lineBytes = 100;
        int inFlight = 200;
        int threads = 1;
        double timeout;
        Path results;

        Builder(Scenario scenario) {
            this.scenario = scenario;
            clients = scenario.clients;
            rooms = scenario.rooms;
            senders = scenario.senders;
            rates = scenario.rates;
            startRate = scenario.startRate;
            // A storm fails a client that does not get in soon; setting up a big room just takes time.
            timeout = scenario == Scenario.STORM ? 30 : 120;
        }

        BenchSettings build() {
            return new BenchSettings(scenario, host, port, tls, serverPid, serverIsJvm, clients, rooms, senders, rates, ramp,
                    startRate, maxRate, precision, prewarm, warmup, duration, drain, p99Millis, lineBytes, inFlight,
                    threads,
                    timeout, results);
        }
    }
}
