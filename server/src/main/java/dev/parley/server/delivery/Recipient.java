package dev.parley.server.delivery;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * One connection lines are delivered to. The fields below belong to the thread of the
 * connection's event loop: only its {@link Outbox} reads or writes them, so they need no lock.
 */
public abstract class Recipient {
    private final Channel channel;
    private final Outbox outbox;

    /**
     * What waits to be written to this connection: either a range ({@link #pendingStart} to
     * {@link #pendingEnd}) of one of the outbox's shared chunks of encoded lines, holding one
     * reference to it, or ({@link #pendingOwned}) a buffer of its own its lines were copied into;
     * null when nothing waits.
     */
    ByteBuf pending;
    int pendingStart;
    int pendingEnd;
    boolean pendingOwned;
    /** Bytes written to the channel since its last flush (gathered lines that filled up). */
    int unflushedBytes;
    /** In the outbox's list of connections with something waiting. */
    boolean waiting;
    /** Something waiting is a reply to this connection's own command: it goes at the end of the run. */
    boolean urgent;
    /** When it was last flushed (System.nanoTime); see the flush interval of {@link Outbox}. */
    long lastFlushNanos = System.nanoTime() - FlushPacing.MAX_INTERVAL_NANOS;
    /** The last multi-room fan-out that reached this connection, so it gets each one once. */
    long fanoutStamp;
    /** Its final line (ERROR) is written: nothing more goes out. */
    boolean closed;

    protected Recipient(Channel channel, Outbox outbox) {
        this.channel = channel;
        this.outbox = outbox;
    }

    public final Channel channel() {
        return channel;
    }

    /** The outbox of this connection's event loop, or null for a connection that is never written to. */
    public final Outbox outbox() {
        return outbox;
    }
}
