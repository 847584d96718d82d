package dev.parley.server.delivery;

import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * The chunks of shared lines one {@link Outbox} holds: every {@link ViewLines} it made that holds
 * a chunk (a room's, one per view, or the several-room fan-outs', kept here), so that they can be
 * given up when nothing needs them any more: an idle loop holds none, and a busy one gives up
 * those of rooms gone quiet. Belongs to the outbox's loop.
 */
final class SharedChunks {
    private final ByteBufAllocator alloc;
    /** Lines of the several-room fan-outs (QUIT, NICK...), one per view. */
    private final List<ViewLines> views = new ArrayList<>();
    /** Every {@link ViewLines} holding a chunk: swept of those no longer in use. */
    private final List<ViewLines> holding = new ArrayList<>();
    private long lastSweepNanos;

    SharedChunks(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    /** New lines for one view of a room (see {@link Audience#lines}). */
    ViewLines newLines(int view) {
        return new ViewLines(view, alloc, holding);
    }

    /** The lines of the several-room fan-outs for {@code view}. */
    ViewLines linesFor(int view) {
        for (int i = 0; i < views.size(); i++) {
            if (views.get(i).view == view) {
                return views.get(i);
            }
        }
        ViewLines lines = newLines(view);
        views.add(lines);
        return lines;
    }

    /** Gives up every chunk: nothing waits on the loop, so no next line needs to follow on. */
    void releaseAll() {
        for (ViewLines lines : holding) {
            lines.release();
        }
        holding.clear();
        views.clear();
    }

    /**
     * Now and then, gives up the chunks of rooms that have gone quiet: a room's current chunk is
     * kept only so that its next lines follow on; after a while without any, it is just memory.
     */
    void sweep(long now) {
        if (now - lastSweepNanos < FlushPacing.MAX_INTERVAL_NANOS) {
            return;
        }
        lastSweepNanos = now;
        long quietSince = now - 2 * FlushPacing.MAX_INTERVAL_NANOS;
        for (int i = holding.size() - 1; i >= 0; i--) {
            ViewLines lines = holding.get(i);
            if (lines.lastUsedNanos - quietSince < 0) {
                lines.release();
                holding.set(i, holding.get(holding.size() - 1));
                holding.remove(holding.size() - 1);
            }
        }
    }
}
