package dev.parley.microbench;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcParseException;
import dev.parley.protocol.IrcParser;
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

/** {@link IrcParser#parse} of one line (what every line a client sends costs before its command runs). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParseBenchmark {
    @Param({"privmsg", "tagged", "numeric"})
    String line;

    private String text;

    @Setup
    public void setUp() {
        text = Samples.line(line);
    }

    @Benchmark
    public IrcMessage parse() throws IrcParseException {
        return IrcParser.parse(text);
    }
}
