package dev.parley.microbench;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.session.TagPolicy;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link TagPolicy#forView} on the tagged room message, for each kind of view: what a fan-out's
 * {@code Rendering} costs once per view per event loop (Room.broadcast and MessageCommands use it
 * as their rendering).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TagPolicyBenchmark {
    /** all: every tag kept; time: server-time alone; none: no tags. */
    @Param({"all", "time", "none"})
    String view;

    private int viewBits;
    private IrcMessage message;

    @Setup
    public void setUp() {
        viewBits = viewBits(view);
        message = Samples.message("tagged");
    }

    static int viewBits(String name) {
        return switch (name) {
            case "all" -> Samples.VIEW_ALL;
            case "time" -> Samples.VIEW_TIME;
            case "none" -> Samples.VIEW_NONE;
            default -> throw new IllegalArgumentException("No view " + name);
        };
    }

    @Benchmark
    public IrcMessage forView() {
        return TagPolicy.forView(viewBits, message);
    }
}
