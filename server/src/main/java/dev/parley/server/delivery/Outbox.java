package dev.parley.server.delivery;

import dev.parley.protocol.IrcMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.concurrent.EventExecutor;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one event loop is to write to its connections, in the order the server decided it.
 *
 * <p>Deliveries are appended from any thread holding the state lock, so their order is the order
 * of the server's state changes; the loop runs them in that order, outside the lock, as one task
 * per batch (a <em>run</em>). A fan-out's line is encoded once per view into that view's current
 * <em>chunk</em> (lines end to end); a connection that gets consecutive lines of a chunk — every
 * member of a busy room does — is handed one slice of it, not a copy per line. Otherwise its lines
 * are copied into a buffer of its own.
 *
 * <p>Writing to a socket costs about the same for one line as for forty, and that cost is most of
 * what a busy room costs, so a connection's room lines are gathered: it is flushed at once when
 * it was last flushed a <em>flush interval</em> ago or more, and otherwise when that time comes,
 * with whatever arrived in between. A connection that hears a line now and then gets each at
 * once; one in a room of thousands gets them a few dozen at a time. Replies to a connection's own
 * commands are never held back. The interval is 20 ms while the loop has time to spare, longer
 * when it has not ({@link FlushSchedule}, {@link FlushPacing}).
 */
public final class Outbox implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    /** Lines one run takes before it flushes and lets the loop read again. */
    private static final int MAX_LINES_PER_RUN = 200_000;
    /** A connection's waiting lines go out (are written, not yet flushed) when they reach this size. */
    private static final int MAX_PENDING_BYTES = 16 * 1024;

    private final EventExecutor loop;
    /** The allocator connections use unless configured otherwise, so lines come from the same pools. */
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private final Queue<Delivery> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    // The rest belongs to the loop's thread.
    /** The chunks of shared lines this outbox's fan-outs encode into. */
    private final SharedChunks chunks;
    /** When each connection with something waiting is flushed. */
    private final FlushSchedule flushes;
    private long fanouts;
    private int linesThisRun;
    /** Told how many lines each run queued to connections (for metrics): once a run, not a line. */
    private final IntConsumer linesDelivered;

    public Outbox(EventExecutor loop) {
        this(loop, lines -> { });
    }

    public Outbox(EventExecutor loop, IntConsumer linesDelivered) {
        this.loop = loop;
        this.chunks = new SharedChunks(alloc);
        this.flushes = new FlushSchedule(loop, this, chunks);
        this.linesDelivered = linesDelivered;
    }

    /** Queues {@code message}, already in the form {@code to} should get it. */
    public void send(Recipient to, IrcMessage message) {
        add(outbox -> {
            ByteBuf line = LineEncoder.encode(outbox.alloc, message);
            if (line != null) {
                outbox.appendOwn(to, line);
            }
        });
    }

    /** Queues {@code last} as the final line to {@code to}, after which its connection closes. */
    public void close(Recipient to, IrcMessage last) {
        add(outbox -> outbox.closeNow(to, LineEncoder.encode(outbox.alloc, last)));
    }

    void add(Delivery delivery) {
        queue.add(delivery);
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            execute(this);
        }
    }

    private void execute(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // The loop is shutting down with the server; its connections are closing anyway.
            queue.clear();
        }
    }

    @Override
    public void run() {
        // Cleared before taking anything, so whatever is appended from now on schedules a new run.
        scheduled.set(false);
        linesThisRun = 0;
        try {
            for (Delivery delivery = queue.poll(); delivery != null; delivery = queue.poll()) {
                try {
                    delivery.deliver(this);
                } catch (RuntimeException e) {
                    LOG.error("A delivery failed", e);
                }
                if (linesThisRun >= MAX_LINES_PER_RUN) {
                    break;
                }
            }
        } finally {
            linesDelivered.accept(linesThisRun);
            long now = System.nanoTime();
            flushes.flushUrgent(now);
            flushes.flushWhenDue(now);
            if (!queue.isEmpty() && !scheduled.get() && scheduled.compareAndSet(false, true)) {
                execute(this); // the rest after the loop has read and written once more
            }
        }
    }

    // -- fan-outs ----------------------------------------------------------------------------

    /** Starts a fan-out: lines rendered from now on belong to it. */
    void beginFanout() {
        fanouts++;
    }

    /** The number of the current fan-out; see {@link Recipient#fanoutStamp}. */
    long fanout() {
        return fanouts;
    }

    /** New lines for one view of a room (see {@link Audience#lines}). */
    ViewLines newLines(int view) {
        return chunks.newLines(view);
    }

    /**
     * Gives {@code to} the current fan-out's line in {@code lines}, rendering and encoding it the
     * first time those lines are asked for in this fan-out.
     */
    void appendShared(Recipient to, ViewLines lines, Rendering rendering) {
        if (lines.fanout != fanouts) {
            lines.fanout = fanouts;
            lines.encode(rendering.forView(lines.view), System.nanoTime());
        }
        if (lines.start == lines.end || to.closed || !to.channel().isActive()) {
            return; // nothing for this view, or nobody to take it
        }
        linesThisRun++;
        ByteBuf pending = to.pending;
        if (pending == null) {
            startSlice(to, lines);
            flushes.markWaiting(to);
        } else if (pending == lines.chunk && !to.pendingOwned && to.pendingEnd == lines.start) {
            to.pendingEnd = lines.end; // the next line of the same chunk: the slice grows
        } else if (!to.pendingOwned && pending == lines.previousChunk && to.pendingEnd == lines.previousEnd
                && lines.start == 0) {
            // The next line, but the view's chunk was full: the slice so far goes, a new one starts.
            writeUnflushed(to, pending.slice(to.pendingStart, to.pendingEnd - to.pendingStart));
            startSlice(to, lines);
        } else {
            ownBuffer(to).writeBytes(lines.chunk, lines.start, lines.end - lines.start);
            writeIfFull(to);
        }
    }

    private static void startSlice(Recipient to, ViewLines lines) {
        to.pending = lines.chunk.retain();
        to.pendingStart = lines.start;
        to.pendingEnd = lines.end;
    }

    /** The lines of the several-room fan-outs for {@code view}. */
    ViewLines linesFor(int view) {
        return chunks.linesFor(view);
    }

    // -- gathering and writing ---------------------------------------------------------------

    /** Gives {@code to} a line of its own (whose reference passes to this outbox), to go out this run. */
    private void appendOwn(Recipient to, ByteBuf line) {
        if (to.closed || !to.channel().isActive()) {
            line.release();
            return;
        }
        linesThisRun++;
        flushes.markUrgent(to);
        if (to.pending == null) {
            to.pending = line;
            to.pendingOwned = true;
            return;
        }
        ownBuffer(to).writeBytes(line, line.readerIndex(), line.readableBytes());
        line.release();
        writeIfFull(to);
    }

    /** The connection's own buffer, made (with what it had waiting copied in) when it has none. */
    private ByteBuf ownBuffer(Recipient to) {
        if (to.pendingOwned) {
            return to.pending;
        }
        ByteBuf own = alloc.directBuffer(1024);
        if (to.pending != null) {
            own.writeBytes(to.pending, to.pendingStart, to.pendingEnd - to.pendingStart);
            to.pending.release();
        }
        to.pending = own;
        to.pendingOwned = true;
        return own;
    }

    private void writeIfFull(Recipient to) {
        if (to.pending.readableBytes() >= MAX_PENDING_BYTES) {
            ByteBuf full = to.pending;
            to.pending = null;
            to.pendingOwned = false;
            flushes.markUrgent(to); // written now; flushed at the end of the run
            writeUnflushed(to, full);
        }
    }

    /** Room lines now wait for {@code to}: it goes out when its flush interval is over. */
    private static void writeUnflushed(Recipient to, ByteBuf lines) {
        to.unflushedBytes += lines.readableBytes();
        to.channel().write(lines, to.channel().voidPromise());
    }

    /** Writes and flushes what waits for {@code to}; it may stay in the schedule's lists, which then skip it. */
    void flush(Recipient to, long now) {
        to.urgent = false;
        to.lastFlushNanos = now;
        int ownUnflushed = to.unflushedBytes;
        to.unflushedBytes = 0;
        ByteBuf pending = to.pending;
        to.pending = null;
        Channel channel = to.channel();
        if (pending == null) {
            channel.flush(); // what writeIfFull wrote
        } else if (to.pendingOwned) {
            to.pendingOwned = false;
            channel.writeAndFlush(pending, channel.voidPromise());
        } else {
            int length = to.pendingEnd - to.pendingStart;
            ChannelOutboundBuffer queued = channel.unsafe().outboundBuffer();
            if (queued != null && queued.totalPendingWriteBytes() > ownUnflushed) {
                // It has not taken what it was sent before: a copy, so that a reader that stopped
                // does not keep a whole shared chunk alive.
                ByteBuf copy = alloc.directBuffer(length).writeBytes(pending, to.pendingStart, length);
                pending.release();
                channel.writeAndFlush(copy, channel.voidPromise());
            } else {
                // The slice takes over the reference the connection held.
                channel.writeAndFlush(pending.slice(to.pendingStart, length), channel.voidPromise());
            }
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
            appendOwn(to, last);
        }
        flush(to, System.nanoTime());
        to.closed = true;
        to.channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
