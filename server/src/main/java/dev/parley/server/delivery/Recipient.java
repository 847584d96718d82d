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
     * What this run of the outbox has for the connection and not yet written: one shared line
     * (holding a reference), or, once a second line comes, a buffer of its own they are copied
     * into; null when nothing waits. Written and flushed once at the end of the run.
     */
    ByteBuf pending;
    /** Whether {@link #pending} is this connection's own buffer rather than a shared line. */
    boolean pendingOwned;
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
