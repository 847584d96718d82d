package dev.parley.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The senders of one event loop during one step, sending open-loop: message k of sender i is due
 * at {@code t0 + i/R + k*S/R} (R the total rate, S the senders, so the room hears an even stream),
 * whether or not the server keeps up. A tick every millisecond sends every message that has come
 * due, all the overdue ones at once if the loop fell behind; the scheduled time is in the text,
 * so a stall anywhere shows as latency. A server that stops reading is not waited for: past
 * {@link #MAX_PENDING_BYTES} queued toward it, a sender stops and the step fails.
 */
final class Pacer {
    static final long MAX_PENDING_BYTES = 8L << 20;

    /** One sender's schedule; {@code weight} is how many deliveries each of its messages should make. */
    record Schedule(Channel channel, int sender, String room, long firstDueNanos, int weight) {
    }

    /** What the senders of one loop did in a step. */
    /** What was sent; {@code maxLagNanos} is the longest a measured line went out after its time. */
    record Sent(long warmup, long measured, long expectedDeliveries, long measuredByEnd, long pendingBytesAtEnd,
                boolean blocked, long maxLagNanos) {
        Sent plus(Sent o) {
            return new Sent(warmup + o.warmup, measured + o.measured, expectedDeliveries + o.expectedDeliveries,
                    measuredByEnd + o.measuredByEnd, pendingBytesAtEnd + o.pendingBytesAtEnd, blocked || o.blocked,
                    Math.max(maxLagNanos, o.maxLagNanos));
        }
    }

    private final EventLoop loop;
    private final int step;
    private final double intervalNanos;
    private final long measureFrom;
    private final long end;
    private final int lineBytes;
    private final List<Running> senders = new ArrayList<>();
    private final Promise<Sent> done;
    private ScheduledFuture<?> ticking;
    private boolean endSeen;
    private long pendingAtEnd;

    /**
     * @param intervalNanos time between two messages of one sender
     * @param measureFrom   messages due from here on are measured; before, warm-up
     * @param end           no message is due at or after this
     */
    Pacer(EventLoop loop, int step, List<Schedule> schedules, double intervalNanos, long measureFrom, long end,
          int lineBytes) {
        this.loop = loop;
        this.step = step;
        this.intervalNanos = intervalNanos;
        this.measureFrom = measureFrom;
        this.end = end;
        this.lineBytes = lineBytes;
        for (Schedule s : schedules) {
            senders.add(new Running(s));
        }
        this.done = loop.newPromise();
    }

    /** Starts ticking; the returned future completes when the last message is out. */
    Promise<Sent> start() {
        loop.execute(() -> ticking = loop.scheduleAtFixedRate(this::tick, 0, 1, TimeUnit.MILLISECONDS));
        return done;
    }

    private void tick() {
        long now = System.nanoTime();
        if (now >= end && !endSeen) {
            // What the kernel has not taken yet when the window closes was not really sent in it.
            endSeen = true;
            for (Running r : senders) {
                pendingAtEnd += pending(r.schedule.channel());
            }
        }
        for (Running r : senders) {
            r.sendDue(now);
        }
        if (endSeen) {
            ticking.cancel(false);
            Sent total = new Sent(0, 0, 0, 0, pendingAtEnd, false, 0);
            for (Running r : senders) {
                total = total.plus(new Sent(r.warmup, r.measured, r.measured * r.schedule.weight(), r.measuredByEnd,
                        0, r.blocked, r.maxLag));
            }
            done.trySuccess(total);
        }
    }

    private static long pending(Channel channel) {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    private final class Running {
        final Schedule schedule;
        final byte[] prefix;
        long next;
        long warmup;
        long measured;
        long measuredByEnd;
        boolean blocked;
        long maxLag;

        Running(Schedule schedule) {
            this.schedule = schedule;
            this.prefix = MessageFormat.prefix(schedule.room());
        }

        long due(long k) {
            return schedule.firstDueNanos() + (long) (k * intervalNanos);
        }

        void sendDue(long now) {
            long first = next;
            while (due(next) <= now && due(next) < end) {
                next++;
            }
            int count = (int) (next - first);
            Channel ch = schedule.channel();
            if (count == 0 || blocked) {
                return;
            }
            if (!ch.isActive() || pending(ch) > MAX_PENDING_BYTES) {
                blocked = true; // the step fails; the messages stay unsent
                return;
            }
            ByteBuf buf = ch.alloc().directBuffer(count * (lineBytes + 8));
            for (long k = first; k < next; k++) {
                long due = due(k);
                boolean isMeasured = due >= measureFrom;
                byte tag = isMeasured ? MessageFormat.tag(step, k % MessageFormat.TIMED_EVERY == 0)
                        : MessageFormat.WARMUP;
                MessageFormat.write(buf, prefix, tag, step, schedule.sender(), k, due, lineBytes);
                if (isMeasured) {
                    maxLag = Math.max(maxLag, now - due);
                    measured++;
                    measuredByEnd += now < end ? 1 : 0;
                } else {
                    warmup++;
                }
            }
            ch.writeAndFlush(buf, ch.voidPromise());
        }
    }
}
