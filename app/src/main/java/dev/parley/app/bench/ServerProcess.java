package dev.parley.app.bench;

import dev.parley.bench.ProcStat;
import dev.parley.bench.ServerProbe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code parley server} in a process of its own, so that its memory and CPU time are its own and
 * not mixed with the load generator's. Reads them the way an administrator would: from /proc and jcmd.
 */
public final class ServerProcess implements ServerProbe, AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on ([0-9.]+):(\\d+)");
    private static final Pattern FINGERPRINT = Pattern.compile("fingerprint: ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})");

    private final Process process;
    private final ProcStat stat;
    private final InetSocketAddress address;
    private final String fingerprint;

    private ServerProcess(Process process, InetSocketAddress address, String fingerprint) {
        this.process = process;
        this.stat = ProcStat.ofJvm(process.pid());
        this.address = address;
        this.fingerprint = fingerprint;
    }

    /**
     * Starts the server with this configuration and waits until it listens; the address is the
     * first listener's. The fingerprint is printed before it when there is a TLS listener.
     */
    public static ServerProcess start(Path config, ServerLaunch launch) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaCommand("java"));
        command.addAll(launch.javaOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), launch.mainClass(),
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
            if (l.find()) {
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

    public InetSocketAddress address() {
        return address;
    }

    /** The TLS certificate's fingerprint, or null when the server has no TLS listener. */
    public String fingerprint() {
        return fingerprint;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public OptionalLong residentKib() {
        return stat.residentKib();
    }

    @Override
    public OptionalLong cpuTicks() {
        return stat.cpuTicks();
    }

    /** CPU time (user + system) the server has used so far, in milliseconds. */
    OptionalLong cpuMillis() {
        OptionalLong ticks = stat.cpuTicks();
        return ticks.isPresent() ? OptionalLong.of(ticks.getAsLong() * 1000 / ProcStat.TICKS_PER_SECOND)
                : OptionalLong.empty();
    }

    /** Java heap in use after a full collection (live data), in KiB, asked of the JVM with jcmd. */
    @Override
    public OptionalLong liveHeapKib() {
        return stat.liveHeapKib();
    }

    /**
     * Asks the server to stop (SIGTERM, as systemd and Ctrl-C do) and waits for it to exit.
     *
     * @return seconds until it exited, or empty if it had not after {@code limitSeconds}
     */
    OptionalDouble stop(int limitSeconds) throws InterruptedException {
        long asked = System.nanoTime();
        process.destroy();
        return process.waitFor(limitSeconds, TimeUnit.SECONDS)
                ? OptionalDouble.of((System.nanoTime() - asked) / 1e9) : OptionalDouble.empty();
    }

    /** SIGKILL: the server gets no chance to do anything more (a crash, as far as it is concerned). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server outlived SIGKILL");
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
