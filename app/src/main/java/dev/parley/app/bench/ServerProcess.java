package dev.parley.app.bench;

import dev.parley.app.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code parley server} in a process of its own, so that its memory and CPU time are its own and
 * not mixed with the load generator's. Reads them the way an administrator would: from /proc and jcmd.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on ([0-9.]+):(\\d+)");
    private static final Pattern FINGERPRINT = Pattern.compile("fingerprint: ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})");
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");
    /** Clock ticks per second in /proc/PID/stat; 100 on every Linux this runs on. */
    private static final int CLOCK_TICKS = 100;

    private final Process process;
    private final InetSocketAddress address;
    private final String fingerprint;

    private ServerProcess(Process process, InetSocketAddress address, String fingerprint) {
        this.process = process;
        this.address = address;
        this.fingerprint = fingerprint;
    }

    /** Starts the server with this configuration and waits until it listens. */
    static ServerProcess start(Path config, List<String> javaOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaCommand("java"));
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "server", "--config", config.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String fingerprint = null;
        List<String> seen = new ArrayList<>();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            seen.add(line);
            Matcher f = FINGERPRINT.matcher(line);
            if (f.find()) {
                fingerprint = f.group(1);
            }
            Matcher l = LISTENING.matcher(line);
            if (l.find() && fingerprint != null) {
                drain(out);
                InetSocketAddress address = new InetSocketAddress(l.group(1), Integer.parseInt(l.group(2)));
                return new ServerProcess(process, address, fingerprint);
            }
        }
        throw new IOException("the server did not start: " + String.join(" / ", seen));
    }

    /** The server's output is read and dropped, so a full pipe never blocks it. */
    private static void drain(BufferedReader out) {
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // its log is not what is measured
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "bench-server-output");
        drain.setDaemon(true);
        drain.start();
    }

    private static String javaCommand(String tool) {
        return Path.of(System.getProperty("java.home"), "bin", tool).toString();
    }

    InetSocketAddress address() {
        return address;
    }

    String fingerprint() {
        return fingerprint;
    }

    /** Resident memory in KiB, as top and ps show it. */
    OptionalLong residentKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return OptionalLong.empty();
    }

    /** CPU time (user + system) the server has used so far, in milliseconds. */
    OptionalLong cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            // Fields after the command name, which is in parentheses and may hold spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return OptionalLong.of(ticks * 1000 / CLOCK_TICKS);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Java heap in use after a full collection (live data), in KiB, asked of the JVM with jcmd. */
    OptionalLong liveHeapKib() {
        if (!Files.isExecutable(Path.of(javaCommand("jcmd")))) {
            return OptionalLong.empty();
        }
        try {
            run(javaCommand("jcmd"), String.valueOf(process.pid()), "GC.run");
            Optional<Matcher> used = run(javaCommand("jcmd"), String.valueOf(process.pid()), "GC.heap_info")
                    .lines().map(HEAP_USED::matcher).filter(Matcher::find).findFirst();
            return used.map(m -> OptionalLong.of(Long.parseLong(m.group(1)))).orElse(OptionalLong.empty());
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return output;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
