package dev.parley.server.delivery;

import dev.parley.protocol.IrcMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.util.List;

/**
 * One view's lines of one room (or of the several-room fan-outs) in an {@link Outbox}: the chunk
 * they are encoded into, end to end, and where in it the current fan-out's line is. Chunks start
 * small and double up to 16 KiB, so that a quiet room holds little. Belongs to the outbox's loop.
 */
final class ViewLines {
    /**
     * Size of a chunk of shared lines. A connection that stops reading may keep one chunk alive
     * until it is dropped (its later lines are copied), far less than its send queue.
     */
    private static final int MAX_CHUNK_BYTES = 16 * 1024;
    private static final int FIRST_CHUNK_BYTES = 1024;

    final int view;
    private final ByteBufAllocator alloc;
    /** The outbox's list of lines holding a chunk, which it sweeps. */
    private final List<ViewLines> holding;
    private int nextChunkBytes = FIRST_CHUNK_BYTES;
    /** When a line was last encoded here (System.nanoTime). */
    long lastUsedNanos;
    /** Holds one reference while it is the current chunk. */
    ByteBuf chunk;
    int start;
    int end;
    long fanout = -1;
    /** The chunk before this one, and where its last line ended (no reference held). */
    ByteBuf previousChunk;
    int previousEnd;

    ViewLines(int view, ByteBufAllocator alloc, List<ViewLines> holding) {
        this.view = view;
        this.alloc = alloc;
        this.holding = holding;
    }

    /** Appends {@code message} (or nothing, for null) as this view's line of the fan-out. */
    void encode(IrcMessage message, long now) {
        start = end;
        lastUsedNanos = now;
        String line = message == null ? null : LineEncoder.serialize(message);
        if (line == null) {
            return;
        }
        int length = ByteBufUtil.utf8Bytes(line) + 2;
        if (chunk == null || chunk.writableBytes() < length) {
            if (chunk != null) {
                previousChunk = chunk;
                previousEnd = end;
                chunk.release(); // the connections with slices of it hold their own references
                nextChunkBytes = Math.min(MAX_CHUNK_BYTES, nextChunkBytes * 2);
            } else {
                holding.add(this);
            }
            chunk = alloc.directBuffer(Math.max(nextChunkBytes, length));
        }
        start = chunk.writerIndex();
        // With the exact length: writeUtf8 alone reserves three bytes a character, which would
        // grow the chunk past its size instead of letting the next one start.
        ByteBufUtil.reserveAndWriteUtf8(chunk, line, length - 2);
        chunk.writeByte('\r').writeByte('\n');
        end = chunk.writerIndex();
    }

    /**
     * Gives up the current chunk (connections holding slices keep theirs); the outbox takes it out
     * of its list. The next line starts a new, small chunk.
     */
    void release() {
        if (chunk != null) {
            chunk.release();
            chunk = null;
        }
        previousChunk = null;
        nextChunkBytes = FIRST_CHUNK_BYTES;
    }
}
