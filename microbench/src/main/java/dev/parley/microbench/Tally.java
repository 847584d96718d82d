package dev.parley.microbench;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * What the recipients' channels were given, counted by the channels themselves, and what an
 * {@link EmbeddedStandIn} holds until {@link #drain} takes and releases it.
 */
final class Tally {
    /** Buffers written (write or writeAndFlush), and flushes (flush or writeAndFlush). */
    long writes;
    long flushes;
    /** Bytes that reached a channel's far end (taken by drain, or by a sink at once). */
    long bytes;
    /** Of the buffers that reached the far end, those that were not slices of a shared chunk. */
    long copies;
    /** The largest shared chunk a slice was cut from (16 KiB unless a chunk grew). */
    int largestChunk;
    /** Embedded channels flushed since the last drain. */
    private final List<EmbeddedStandIn> flushed = new ArrayList<>();

    void flushed(EmbeddedStandIn channel) {
        flushed.add(channel);
    }

    /** Counts a buffer that reached the far end, and releases it as a transport does once it is written. */
    void take(Object message) {
        if (message instanceof ByteBuf buf) {
            bytes += buf.readableBytes();
            ByteBuf parent = buf.unwrap();
            if (parent == null) {
                copies++;
            } else {
                largestChunk = Math.max(largestChunk, parent.capacity());
            }
        }
        ReferenceCountUtil.release(message);
    }

    /** Takes and releases what the embedded channels flushed since the last drain. */
    void drain() {
        for (int i = 0; i < flushed.size(); i++) {
            EmbeddedStandIn channel = flushed.get(i);
            channel.markedFlushed = false;
            for (Object m = channel.readOutbound(); m != null; m = channel.readOutbound()) {
                take(m);
            }
        }
        flushed.clear();
    }

    void reset() {
        writes = 0;
        flushes = 0;
        bytes = 0;
        copies = 0;
        largestChunk = 0;
    }
}
