package dev.parley.microbench;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.delivery.Audience;
import dev.parley.server.delivery.Fanout;
import dev.parley.server.delivery.Outbox;
import dev.parley.server.delivery.Rendering;
import dev.parley.server.session.TagPolicy;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One event loop's {@link Outbox} and rooms of recipients on it, driven the way the server drives
 * them: {@link #fanOut} is one {@link Fanout#send} to a room (what a PRIVMSG to it does under the
 * state lock) followed by the loop's run of the outbox, which encodes the line once per view and
 * hands it to every member. With several rooms, fan-outs go to them in turn. Everything runs on
 * the calling thread: the loop is an EmbeddedChannel's, whose tasks run when
 * {@code runPendingTasks} is called.
 *
 * <p>The loop's clock is frozen, so {@code FlushPacing} never measures (the thread is always busy
 * here; it would stretch the flush interval to its 60 ms maximum) and the interval stays at its
 * 20 ms minimum; whether a connection is due is still decided by {@code System.nanoTime}.
 *
 * <p>Two ways of flushing:
 * <ul>
 *   <li>{@link Flushing#FLUSH}: every recipient is flushed in every fan-out, as a connection in a
 *       quiet room is. A connection is flushed at once only if its last flush is 20 ms old, and
 *       {@code Recipient.lastFlushNanos} is not reachable from here; so each room has several
 *       <em>generations</em> of recipients (same channels, same views), used in turn, and a new one
 *       is added whenever the next in line was used less than {@link #REUSE_NANOS} ago. After the
 *       warm-up the ring no longer grows. Each fan-out then costs what one to a quiet room costs:
 *       one flush per member, a new chunk per view; but the recipients are read from memory (the
 *       ring holds about 20 ms worth of them) rather than from the cache.</li>
 *   <li>{@link Flushing#GATHER}: one generation, fanned out to back to back, as a busy room is:
 *       each recipient's lines gather in its slice of the shared chunk and it is flushed once every
 *       20 ms, with whatever came in between. The time per fan-out includes those flushes, spread
 *       over the fan-outs of 20 ms. With several rooms, a member's lines are not next to each other
 *       in the view's chunk, so the outbox copies them into a buffer of the member's own.</li>
 * </ul>
 */
public final class FanoutRig implements AutoCloseable {
    /** Which stand-in the recipients' connections are. */
    public enum ChannelKind {
        /** Netty's EmbeddedChannel: pipeline, outbound buffer, a queue emptied after each fan-out. */
        EMBEDDED,
        /** A channel that releases what it is given at once. */
        SINK
    }

    public enum Flushing {
        FLUSH,
        GATHER
    }

    /** The outbox's flush interval while its loop has time to spare ({@code FlushPacing.MIN_INTERVAL_NANOS}), and 1 ms. */
    static final long REUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(21);

    private final int size;
    private final int views;
    private final Flushing flushing;
    private final EmbeddedChannel loopChannel = new EmbeddedChannel();
    private final Outbox outbox;
    private final Tally tally = new Tally();
    private final Rendering rendering;
    private final Room[] rooms;
    private int turn;
    private long fanouts;

    /** One room of {@code size}; see {@link #FanoutRig(int, int, int, ChannelKind, Flushing, IrcMessage)}. */
    public FanoutRig(int size, int views, ChannelKind kind, Flushing flushing, IrcMessage message) {
        this(1, size, views, kind, flushing, message);
    }

    /**
     * {@code rooms} rooms of {@code size} members each (all different connections), member
     * {@code i} of each with view {@code Samples.VIEWS[i % views]}, to which {@code message} goes
     * as {@code Room.broadcast} sends it (TagPolicy per view).
     */
    public FanoutRig(int rooms, int size, int views, ChannelKind kind, Flushing flushing, IrcMessage message) {
        if (rooms < 1 || size < 1 || views < 1 || views > Samples.VIEWS.length) {
            throw new IllegalArgumentException("rooms " + rooms + ", size " + size + ", views " + views);
        }
        this.size = size;
        this.views = views;
        this.flushing = flushing;
        loopChannel.freezeTime();
        outbox = new Outbox(loopChannel.eventLoop());
        rendering = view -> TagPolicy.forView(view, message);
        this.rooms = new Room[rooms];
        for (int r = 0; r < rooms; r++) {
            Channel[] channels = new Channel[size];
            for (int i = 0; i < size; i++) {
                channels[i] = kind == ChannelKind.EMBEDDED ? new EmbeddedStandIn(tally) : new SinkChannel(tally);
            }
            this.rooms[r] = new Room(channels);
        }
    }

    /** One message to the next room, delivered; returns the bytes that reached the channels' far ends. */
    public long fanOut() {
        Room room = rooms[turn];
        turn = turn + 1 == rooms.length ? 0 : turn + 1;
        Generation generation;
        if (flushing == Flushing.FLUSH) {
            generation = room.generations.get(room.next);
            if (System.nanoTime() - generation.lastUsedNanos < REUSE_NANOS) {
                generation = room.newGeneration();
                room.generations.add(room.next, generation);
            }
        } else {
            generation = room.generations.get(0);
        }
        long before = tally.bytes;
        Fanout.send(generation.audience, rendering, null, Audience.MEMBER);
        loopChannel.runPendingTasks();
        tally.drain();
        fanouts++;
        if (flushing == Flushing.FLUSH) {
            generation.lastUsedNanos = System.nanoTime();
            room.next = (room.next + 1) % room.generations.size();
        }
        return tally.bytes - before;
    }

    /** Members per room. */
    public int size() {
        return size;
    }

    /** Generations of all rooms together. */
    public int generations() {
        int count = 0;
        for (Room room : rooms) {
            count += room.generations.size();
        }
        return count;
    }

    public long fanouts() {
        return fanouts;
    }

    public long writes() {
        return tally.writes;
    }

    public long flushes() {
        return tally.flushes;
    }

    public long bytes() {
        return tally.bytes;
    }

    public long copies() {
        return tally.copies;
    }

    /** The capacity of the largest shared chunk a recipient was handed a slice of. */
    public int largestChunk() {
        return tally.largestChunk;
    }

    /** Zeroes the counts (not the state of the outbox or of the connections). */
    public void resetCounts() {
        tally.reset();
        fanouts = 0;
    }

    /** The counts per fan-out, for a line of output. */
    public String summary() {
        double n = Math.max(1, fanouts);
        return String.format("%,d fan-outs to %,d (%s, %d room(s)): per fan-out %.2f writes, %.2f flushes,"
                        + " %.2f copies, %.0f bytes (%.4f flushes per recipient); largest chunk %,d bytes;"
                        + " %,d generation(s)",
                fanouts, size, flushing.name().toLowerCase(), rooms.length, tally.writes / n, tally.flushes / n,
                tally.copies / n, tally.bytes / n, tally.flushes / n / size, tally.largestChunk, generations());
    }

    /**
     * Closes every connection as the server does (a last line through the outbox, which flushes
     * what waits), then lets the outbox see it has nothing waiting, so it gives up its chunks.
     */
    @Override
    public void close() {
        IrcMessage bye = IrcMessage.of("ERROR", "Closing link");
        for (Room room : rooms) {
            for (Generation generation : room.generations) {
                for (BenchRecipient member : generation.members) {
                    outbox.close(member, bye);
                }
            }
        }
        loopChannel.runPendingTasks();
        tally.drain();
        // Once the last flush is an interval old, any run ends by finding nothing waiting.
        for (long until = System.nanoTime() + REUSE_NANOS; System.nanoTime() - until < 0; ) {
            LockSupport.parkNanos(until - System.nanoTime());
        }
        outbox.send(rooms[0].generations.get(0).members[0], bye);
        loopChannel.runPendingTasks();
        tally.drain();
        for (Room room : rooms) {
            for (Channel channel : room.channels) {
                ((EmbeddedChannel) channel).finishAndReleaseAll();
            }
        }
        loopChannel.finishAndReleaseAll();
    }

    /** A room's connections and its generations of recipients on them. */
    private final class Room {
        final Channel[] channels;
        final List<Generation> generations = new ArrayList<>();
        int next;

        Room(Channel[] channels) {
            this.channels = channels;
            generations.add(newGeneration());
        }

        Generation newGeneration() {
            Audience.Builder builder = Audience.builder();
            BenchRecipient[] members = new BenchRecipient[size];
            for (int i = 0; i < size; i++) {
                members[i] = new BenchRecipient(channels[i], outbox);
                builder.add(members[i], Samples.VIEWS[i % views], Audience.MEMBER);
            }
            return new Generation(members, builder.build(), System.nanoTime() - REUSE_NANOS);
        }
    }

    private static final class Generation {
        final BenchRecipient[] members;
        final Audience audience;
        long lastUsedNanos;

        Generation(BenchRecipient[] members, Audience audience, long lastUsedNanos) {
            this.members = members;
            this.audience = audience;
            this.lastUsedNanos = lastUsedNanos;
        }
    }
}
