package dev.parley.bench;

import java.io.PrintWriter;
import java.util.OptionalLong;

/**
 * Waits until the server uses next to no CPU: at most {@link #QUIET_TICKS} clock ticks in a second
 * (2 % of a core at 100 ticks a second), for a number of seconds in a row, or until a limit. What a
 * server still does after a burst (a JIT compiling what it ran, queues draining, a history writer
 * catching up) is then not counted against what comes next.
 */
final class ServerRest {
    private static final int QUIET_TICKS = 2;

    private ServerRest() {
    }

    /**
     * Waits for {@code quietSeconds} quiet seconds in a row, at most {@code maxSeconds}, and says
     * how long it took. Without the server's CPU time, one second.
     */
    static void await(ServerProbe server, int quietSeconds, int maxSeconds, PrintWriter out)
            throws InterruptedException {
        OptionalLong last = server.cpuTicks();
        if (last.isEmpty()) {
            Thread.sleep(1000);
            return;
        }
        long started = System.nanoTime();
        int quiet = 0;
        int waited = 0;
        while (quiet < quietSeconds && waited < maxSeconds) {
            Thread.sleep(1000);
            waited++;
            OptionalLong now = server.cpuTicks();
            if (now.isEmpty()) {
                return;
            }
            quiet = now.getAsLong() - last.getAsLong() <= QUIET_TICKS ? quiet + 1 : 0;
            last = now;
        }
        out.printf("Server at rest after %.0f s%s%n", (System.nanoTime() - started) / 1e9,
                quiet < quietSeconds ? " (it was still busy; measured anyway)" : "");
        out.flush();
    }
}
