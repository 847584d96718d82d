package dev.parley.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time and resident memory of a process, read from /proc as top and ps read them; for a JVM,
 * also its live heap, asked with jcmd as an administrator would.
 */
public final class ProcStat implements ServerProbe {
    /** Clock ticks per second in /proc/PID/stat (USER_HZ); 100 on every Linux this runs on. */
    public static final int TICKS_PER_SECOND = 100;
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private final Path dir;
    /** The JVM's pid, when the process is one to ask with jcmd; 0 otherwise. */
    private final long jvmPid;

    private ProcStat(Path dir, long jvmPid) {
        this.dir = dir;
        this.jvmPid = jvmPid;
    }

    public static ProcStat of(long pid) {
        return new ProcStat(Path.of("/proc", Long.toString(pid)), 0);
    }

    /** A Java process: its live heap is asked of it too. */
    public static ProcStat ofJvm(long pid) {
        return new ProcStat(Path.of("/proc", Long.toString(pid)), pid);
    }

    /** This JVM: the generator's own CPU, printed beside the server's. */
    public static ProcStat self() {
        return new ProcStat(Path.of("/proc/self"), 0);
    }

    @Override
    public OptionalLong cpuTicks() {
        try {
            String stat = Files.readString(dir.resolve("stat"));
            // Fields after the command name, which is in parentheses and may hold spaces:
            // utime and stime are the 14th and 15th fields of the line.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalLong.of(Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty(); // not Linux, or the process is gone
        }
    }

    @Override
    public OptionalLong residentKib() {
        try {
            for (String line : Files.readAllLines(dir.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return OptionalLong.empty();
    }

    /** A full collection first (GC.run), then what is in use (GC.heap_info): the live data. */
    @Override
    public OptionalLong liveHeapKib() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (jvmPid == 0 || !Files.isExecutable(jcmd)) {
            return OptionalLong.empty();
        }
        try {
            run(jcmd.toString(), String.valueOf(jvmPid), "GC.run");
            // G1 prints one line for its heap; Serial and Parallel one per generation: add them.
            // (A JVM pinned to one core, as the comparison pins servers, picks Serial.)
            Matcher m = HEAP_USED.matcher(run(jcmd.toString(), String.valueOf(jvmPid), "GC.heap_info"));
            long used = 0;
            boolean found = false;
            while (m.find()) {
                used += Long.parseLong(m.group(1));
                found = true;
            }
            return found ? OptionalLong.of(used) : OptionalLong.empty();
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

    /** This process's limit on open files (ulimit -n), where Linux tells it; empty when unlimited or unknown. */
    public static OptionalLong openFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(soft));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: a run finds out the hard way
        }
        return OptionalLong.empty();
    }
}
