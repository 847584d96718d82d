package dev.parley.microbench;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One room message to N members on one event loop, through the real delivery code
 * ({@code Fanout.send}, the loop's {@code Outbox} run, the stand-in connections): see
 * {@link FanoutRig} for what {@code flushing} and {@code channel} mean. The primary figure is
 * the time per fan-out; the secondary {@code fanout:recipient} is the same time per recipient.
 * After each trial a line gives the writes, flushes and copies per fan-out, so that a figure can be
 * told from what it did (in {@code gather}, how many fan-outs one flush was spread over).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class FanoutBenchmark {
    @Param({"10", "100", "1000", "10000"})
    int recipients;

    /** embedded: Netty's EmbeddedChannel; sink: a channel that drops what it gets at once. */
    @Param({"embedded", "sink"})
    String channel;

    /** flush: every member is flushed in every fan-out (a quiet room); gather: back to back (a busy one). */
    @Param({"flush", "gather"})
    String flushing;

    /** How many distinct views the members have (1 to 3: all tags, server-time only, none). */
    @Param({"1"})
    int views;

    /**
     * How many rooms of {@code recipients} members (all different connections) share the loop,
     * fanned out to in turn. From 2 on, in gather, a member's lines are not next to each other in
     * the shared chunk and are copied into a buffer of its own (as in the rooms workload).
     */
    @Param({"1"})
    int rooms;

    private FanoutRig rig;

    /** The time per recipient: JMH reports an OPERATIONS counter as time per count in this mode. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class PerRecipient {
        public long recipient;

        @Setup(Level.Iteration)
        public void reset() {
            recipient = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        rig = new FanoutRig(rooms, recipients, views, FanoutRig.ChannelKind.valueOf(channel.toUpperCase(Locale.ROOT)),
                FanoutRig.Flushing.valueOf(flushing.toUpperCase(Locale.ROOT)), Samples.message("tagged"));
    }

    @Setup(Level.Iteration)
    public void resetCounts() {
        rig.resetCounts();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        // The counts of the last (measured) iteration.
        System.out.println(rig.summary());
        rig.close();
    }

    @Benchmark
    public long fanout(PerRecipient counter) {
        counter.recipient += recipients;
        return rig.fanOut();
    }
}
