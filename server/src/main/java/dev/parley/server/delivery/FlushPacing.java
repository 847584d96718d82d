package dev.parley.server.delivery;

import io.netty.util.concurrent.EventExecutor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;

/**
 * How long an event loop lets a connection's room lines gather before they are flushed: 20 ms
 * while the loop has time to spare; when it is busy more than {@link #BUSY} of the time, longer
 * (up to 60 ms), so that under overload each write carries more lines instead of the queue growing;
 * shorter again as the load goes. Measured on the loop's own thread every 100 ms.
 */
final class FlushPacing {
    static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    static final long MAX_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(60);
    /** Share of its time a loop may be busy before the interval grows; below half of it, it shrinks. */
    static final double BUSY = 0.6;
    private static final long PERIOD_MILLIS = 100;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    // Read and written on the loop's thread only.
    private long intervalNanos = MIN_INTERVAL_NANOS;
    private long lastWallNanos;
    private long lastCpuNanos;

    FlushPacing(EventExecutor loop) {
        if (THREADS.isCurrentThreadCpuTimeSupported()) {
            loop.scheduleAtFixedRate(this::measure, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    long intervalNanos() {
        return intervalNanos;
    }

    private void measure() {
        long wall = System.nanoTime();
        long cpu = THREADS.getCurrentThreadCpuTime();
        if (lastWallNanos != 0 && wall > lastWallNanos) {
            double busy = (double) (cpu - lastCpuNanos) / (wall - lastWallNanos);
            if (busy > BUSY) {
                intervalNanos = Math.min(MAX_INTERVAL_NANOS, intervalNanos * 5 / 4);
            } else if (busy < BUSY / 2) {
                intervalNanos = Math.max(MIN_INTERVAL_NANOS, intervalNanos * 4 / 5);
            }
        }
        lastWallNanos = wall;
        lastCpuNanos = cpu;
    }
}
