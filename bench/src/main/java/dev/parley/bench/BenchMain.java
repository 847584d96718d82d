package dev.parley.bench;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * The load generator's entry: {@code parley bench run SCENARIO --port P --server-pid PID ...}, or
 * {@code java -cp parley.jar dev.parley.bench.BenchMain SCENARIO ...}, against a server that is
 * already running (any IRC server: that is how the comparison script measures the others).
 * Exit status: 0 measured, 1 the clients could not be set up, 2 a usage mistake.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(Arrays.asList(args), out, err));
    }

    /** Parses {@code SCENARIO [options]} for a server someone else started, and runs it. */
    public static int run(List<String> args, PrintWriter out, PrintWriter err) {
        if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
            out.print("Usage: parley bench run SCENARIO --port P --server-pid PID [options]\n"
                    + BenchSettings.HELP + BenchSettings.EXTERNAL_HELP);
            out.flush();
            return args.isEmpty() ? 2 : 0;
        }
        BenchSettings settings;
        try {
            settings = BenchSettings.parse(args.get(0), args.subList(1, args.size()), true);
        } catch (IllegalArgumentException e) {
            err.println("parley bench run: " + e.getMessage());
            return 2;
        }
        ProcStat server = settings.serverIsJvm() ? ProcStat.ofJvm(settings.serverPid())
                : ProcStat.of(settings.serverPid());
        if (server.cpuTicks().isEmpty()) {
            err.println("parley bench run: no process " + settings.serverPid() + " to read in /proc");
            return 2;
        }
        return run(settings, server, out, err);
    }

    /** Runs a parsed scenario against the server {@code probe} reads; prints, and writes the results file. */
    public static int run(BenchSettings settings, ServerProbe probe, PrintWriter out, PrintWriter err) {
        OptionalLong openFiles = ProcStat.openFileLimit();
        // One descriptor a client, and some to spare for the JVM's own files.
        if (openFiles.isPresent() && settings.clients() + 100 > openFiles.getAsLong()) {
            err.printf("parley bench: %d clients need more open files than this shell allows (ulimit -n: %d); "
                    + "raise the limit or ask for at most %d%n", settings.clients(), openFiles.getAsLong(),
                    Math.max(1, openFiles.getAsLong() - 100));
            return 2;
        }
        Figures figures = new Figures();
        try {
            boolean ok = true;
            switch (settings.scenario()) {
                case FANOUT, ROOMS -> ok = new LoadScenario(settings, probe, out, figures).run();
                case IDLE -> new ConnectionScenarios(settings, probe, out, figures).idle();
                case STORM -> new ConnectionScenarios(settings, probe, out, figures).storm();
            }
            if (settings.results() != null) {
                figures.write(settings.results());
            }
            out.flush();
            return ok ? 0 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("parley bench: interrupted");
            return 1;
        } catch (Exception e) {
            err.println("parley bench: " + e);
            return 1;
        }
    }
}
