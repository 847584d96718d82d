package dev.parley.server.delivery;

import dev.parley.protocol.IrcMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one event loop is to write to its connections, in the order the server decided it.
 *
 * <p>Deliveries are appended from any thread holding the state lock, so their order is the order
 * of the server's state changes; the loop runs them in that order, outside the lock, as one task
 * per batch (a <em>run</em>). In a run, the lines for each connection are gathered into one buffer
 * and written with one flush at the end: one system call and one TLS record per connection per
 * run, however many lines it got.
 *
 * <p>Runs are spaced: after a run that took {@code d}, the next waits until {@code 3d} has passed
 * (at most {@link #MAX_GAP_NANOS}). A quiet server answers at once (its runs take microseconds);
 * under a heavy fan-out the gap grows, each run carries more lines per connection, and the loop's
 * time goes to lines rather than to system calls. Writing to a socket costs the same for one line
 * as for forty, so this is what lets one core deliver millions of lines a second.
 */
public final class Outbox implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    /** Deliveries one run handles before it flushes and lets the loop read again. */
    private static final int MAX_PER_RUN = 512;
    /** The gap between runs, as a multiple of the last run's duration. */
    private static final int GAP_FACTOR = 3;
    /** The longest a line waits for the next run because of the gap. */
    static final long MAX_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** A connection's gathered lines are written (not yet flushed) when they reach this size. */
    private static final int MAX_PENDING_BYTES = 16 * 1024;
    /** Marks a view that a fan-out's rendering sends nothing to. */
    private static final ByteBuf NOTHING = Unpooled.EMPTY_BUFFER;

    private final EventExecutor loop;
    /** The allocator connections use unless configured otherwise, so lines come from the same pools. */
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private final Queue<Delivery> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** When the next run may start (System.nanoTime), written by the loop, read by appenders. */
    private volatile long nextRunNanos;

    // The rest belongs to the loop's thread.
    private final List<Recipient> written = new ArrayList<>();
    private int[] lineViews = new int[4];
    private ByteBuf[] lines = new ByteBuf[4];
    private int lineCount;
    private long stamps;

    public Outbox(EventExecutor loop) {
        this.loop = loop;
    }

    /** Queues {@code message}, already in the form {@code to} should get it. */
    public void send(Recipient to, IrcMessage message) {
        add(outbox -> {
            ByteBuf line = LineEncoder.encode(outbox.alloc, message);
            if (line != null) {
                outbox.write(to, line);
            }
        });
    }

    /** Queues {@code last} as the final line to {@code to}, after which its connection closes. */
    public void close(Recipient to, IrcMessage last) {
        add(outbox -> outbox.closeNow(to, LineEncoder.encode(outbox.alloc, last)));
    }

    void add(Delivery delivery) {
        queue.add(delivery);
        schedule();
    }

    private void schedule() {
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            try {
                long wait = nextRunNanos - System.nanoTime();
                if (wait > 0) {
                    loop.schedule(this, wait, TimeUnit.NANOSECONDS);
                } else {
                    loop.execute(this);
                }
            } catch (RejectedExecutionException e) {
                // The loop is shutting down with the server; its connections are closing anyway.
                queue.clear();
            }
        }
    }

    @Override
    public void run() {
        long started = System.nanoTime();
        // Cleared before taking anything, so whatever is appended from now on schedules a new run.
        scheduled.set(false);
        int ran = 0;
        try {
            for (Delivery delivery = queue.poll(); delivery != null; delivery = queue.poll()) {
                try {
                    delivery.deliver(this);
                } catch (RuntimeException e) {
                    LOG.error("A delivery failed", e);
                }
                if (++ran == MAX_PER_RUN) {
                    break;
                }
            }
        } finally {
            flushWritten();
            long ended = System.nanoTime();
            nextRunNanos = ended + Math.min(MAX_GAP_NANOS, GAP_FACTOR * (ended - started));
            if (!queue.isEmpty()) {
                schedule();
            }
        }
    }

    /** Gathers {@code line} (whose reference passes to this outbox) for {@code to}. */
    void write(Recipient to, ByteBuf line) {
        if (to.closed || !to.channel().isActive()) {
            line.release();
            return;
        }
        ByteBuf pending = to.pending;
        if (pending == null) {
            to.pending = line;
            written.add(to);
            return;
        }
        if (!to.pendingOwned) {
            ByteBuf own = alloc.directBuffer(Math.max(256, 4 * (pending.readableBytes() + line.readableBytes())));
            own.writeBytes(pending, pending.readerIndex(), pending.readableBytes());
            pending.release();
            to.pending = own;
            to.pendingOwned = true;
            pending = own;
        }
        pending.writeBytes(line, line.readerIndex(), line.readableBytes());
        line.release();
        if (pending.readableBytes() >= MAX_PENDING_BYTES) {
            to.pending = null;
            to.pendingOwned = false;
            to.channel().write(pending, to.channel().voidPromise());
            // Stays in the written list: the rest of the run is gathered anew, and flushed at the end.
            to.pending = Unpooled.EMPTY_BUFFER;
        }
    }

    private void flushWritten() {
        for (int i = 0; i < written.size(); i++) {
            flush(written.get(i));
        }
        written.clear();
    }

    private void flush(Recipient to) {
        ByteBuf pending = to.pending;
        if (pending == null) {
            return;
        }
        to.pending = null;
        Channel channel = to.channel();
        if (pending == Unpooled.EMPTY_BUFFER) {
            channel.flush();
        } else if (to.pendingOwned) {
            to.pendingOwned = false;
            channel.writeAndFlush(pending, channel.voidPromise());
        } else {
            // A shared line: the connection gets a view of its own (positions are per view), which
            // takes over the reference held for it.
            channel.writeAndFlush(pending.duplicate(), channel.voidPromise());
        }
    }

    private void closeNow(Recipient to, ByteBuf last) {
        if (to.closed) {
            if (last != null) {
                last.release();
            }
            return;
        }
        if (last != null) {
            write(to, last);
        }
        flush(to);
        to.closed = true;
        Channel channel = to.channel();
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** The current fan-out's line for {@code view}, encoded the first time a view asks; null for none. */
    ByteBuf line(int view, Rendering rendering) {
        for (int i = 0; i < lineCount; i++) {
            if (lineViews[i] == view) {
                return lines[i] == NOTHING ? null : lines[i];
            }
        }
        IrcMessage message = rendering.forView(view);
        ByteBuf line = message == null ? null : LineEncoder.encode(alloc, message);
        if (lineCount == lines.length) {
            lines = Arrays.copyOf(lines, lineCount * 2);
            lineViews = Arrays.copyOf(lineViews, lineCount * 2);
        }
        lineViews[lineCount] = view;
        lines[lineCount++] = line == null ? NOTHING : line;
        return line;
    }

    /** Ends the current fan-out: its encoded lines are released (recipients hold their own references). */
    void releaseLines() {
        for (int i = 0; i < lineCount; i++) {
            if (lines[i] != NOTHING) {
                lines[i].release();
            }
            lines[i] = null;
        }
        lineCount = 0;
    }

    /** A new number for a multi-room fan-out; see {@link Recipient#fanoutStamp}. */
    long nextStamp() {
        return ++stamps;
    }
}
