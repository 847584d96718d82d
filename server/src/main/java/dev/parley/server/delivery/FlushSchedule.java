package dev.parley.server.delivery;

import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * When an {@link Outbox} flushes each of its connections. One with a reply waiting is flushed at
 * the end of the run; one with only room lines waiting is flushed once its flush interval
 * ({@link FlushPacing}) since its last flush is over, with whatever arrived in between, and a timer
 * on the loop comes for the first of them that is due. When no connection waits any more, the
 * outbox's chunks are given up ({@link SharedChunks}). Belongs to the outbox's loop.
 */
final class FlushSchedule {
    private final EventExecutor loop;
    private final Outbox outbox;
    private final SharedChunks chunks;
    private final FlushPacing pacing;
    /** Connections with room lines waiting for their flush interval. */
    private List<Recipient> waiting = new ArrayList<>();
    private List<Recipient> stillWaiting = new ArrayList<>();
    /** Connections with a reply waiting: flushed at the end of the run. */
    private final List<Recipient> urgent = new ArrayList<>();
    /** No connection in {@link #waiting} is due before this (it may be earlier than the truth). */
    private long earliestDue = Long.MAX_VALUE;
    /** When the timer for lines held back is set to go off, or 0 when it is not set. */
    private long flushTimerAt;

    FlushSchedule(EventExecutor loop, Outbox outbox, SharedChunks chunks) {
        this.loop = loop;
        this.outbox = outbox;
        this.chunks = chunks;
        this.pacing = new FlushPacing(loop);
    }

    /** Room lines now wait for {@code to}: it goes out when its flush interval is over. */
    void markWaiting(Recipient to) {
        if (!to.waiting) {
            to.waiting = true;
            waiting.add(to);
            earliestDue = Math.min(earliestDue, to.lastFlushNanos + pacing.intervalNanos());
        }
    }

    /** A reply waits for {@code to}: it goes out at the end of this run, with whatever else waits. */
    void markUrgent(Recipient to) {
        if (!to.urgent) {
            to.urgent = true;
            urgent.add(to);
        }
    }

    /** Flushes the connections with a reply waiting: at the end of every run. */
    void flushUrgent(long now) {
        for (int i = 0; i < urgent.size(); i++) {
            Recipient to = urgent.get(i);
            if (to.urgent) {
                outbox.flush(to, now);
            }
        }
        urgent.clear();
    }

    /** Flushes the held-back connections now if the first is due, else sets the timer for it. */
    void flushWhenDue(long now) {
        if (waiting.isEmpty()) {
            chunks.releaseAll(); // an idle loop holds no buffers
        } else if (now - earliestDue >= 0) {
            flushDue(now);
        } else {
            setTimer(now);
        }
    }

    /** Flushes the connections whose interval is over, and sets the timer for the rest. */
    private void flushDue(long now) {
        long next = Long.MAX_VALUE;
        for (int i = 0; i < waiting.size(); i++) {
            Recipient to = waiting.get(i);
            if (to.pending == null) {
                to.waiting = false; // flushed already, with a reply or on closing
                continue;
            }
            long due = to.lastFlushNanos + pacing.intervalNanos();
            if (now - due >= 0) {
                outbox.flush(to, now);
                to.waiting = false;
            } else {
                stillWaiting.add(to);
                next = Math.min(next, due);
            }
        }
        List<Recipient> done = waiting;
        done.clear();
        waiting = stillWaiting;
        stillWaiting = done;
        earliestDue = next;
        if (waiting.isEmpty()) {
            chunks.releaseAll(); // an idle loop holds no buffers
        } else {
            chunks.sweep(now);
            setTimer(now);
        }
    }

    /** Makes sure a flush comes when the first held-back connection is due. */
    private void setTimer(long now) {
        if (earliestDue != Long.MAX_VALUE && (flushTimerAt == 0 || earliestDue - flushTimerAt < 0)) {
            long at = earliestDue;
            flushTimerAt = at;
            loop.schedule(() -> timerFired(at), Math.max(0, at - now), TimeUnit.NANOSECONDS);
        }
    }

    private void timerFired(long at) {
        if (flushTimerAt != at) {
            return; // an earlier timer was set since; it does the work
        }
        flushTimerAt = 0;
        flushWhenDue(System.nanoTime());
    }
}
