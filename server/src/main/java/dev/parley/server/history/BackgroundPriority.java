package dev.parley.server.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Lowers the calling thread's scheduling priority (nice {@value #NICE} on Linux), for background
 * work that must not take a core from the event loops when the machine is busy: storing and
 * purging history. Chat latency on a loaded two-core machine rose with the history writer's CPU
 * (docs/performance.md); at a lower priority the writer uses what the event loops leave, and when
 * it falls behind it writes bigger, cheaper transactions. It is not starved: at nice 10 it still
 * gets about a tenth of a core that others want.
 *
 * <p>Java 17 has no call for a thread's nice value, so the thread finds its own id in
 * {@code /proc/thread-self} and runs {@code renice} (util-linux, in every Debian) for it; a thread's
 * nice value is its own on Linux, and raising one's own needs no privilege. Best effort: elsewhere,
 * or without {@code renice}, or when the process already runs nicer than this, the thread keeps its
 * priority.
 */
final class BackgroundPriority {
    static final int NICE = 10;
    private static final Path SELF = Path.of("/proc/thread-self");

    private BackgroundPriority() {
    }

    /** Lowers the calling thread's priority; its nice value afterwards, when it can be read. */
    static OptionalInt lowerCurrentThread() {
        if (!Files.isSymbolicLink(SELF)) {
            return OptionalInt.empty();
        }
        try {
            // "/proc/thread-self" -> "<pid>/task/<tid>"
            String tid = Files.readSymbolicLink(SELF).getFileName().toString();
            OptionalInt before = currentNice();
            if (before.isEmpty() || before.getAsInt() >= NICE) {
                return before;
            }
            Process renice = new ProcessBuilder("renice", "--priority", Integer.toString(NICE), "-p", tid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!renice.waitFor(5, TimeUnit.SECONDS)) {
                renice.destroyForcibly();
            }
            return currentNice();
        } catch (IOException e) {
            return currentNice();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return currentNice();
        }
    }

    /** The calling thread's nice value, from the 19th field of {@code /proc/thread-self/stat}. */
    static OptionalInt currentNice() {
        try {
            String stat = Files.readString(SELF.resolve("stat"));
            // The command name (field 2) is in parentheses and may hold spaces: count after it.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return OptionalInt.of(Integer.parseInt(fields[16]));
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }
}
