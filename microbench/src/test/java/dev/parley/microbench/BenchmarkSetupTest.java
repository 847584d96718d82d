package dev.parley.microbench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcSerializer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The benchmarks' setups do what they claim; no benchmark runs here. */
class BenchmarkSetupTest {

    @Test
    void sampleLinesParseToWhatTheyShow() {
        IrcMessage privmsg = Samples.message("privmsg");
        assertThat(privmsg.command()).isEqualTo("PRIVMSG");
        assertThat(privmsg.source()).isEqualTo("19803021!19803021@203.0.113.7");
        assertThat(privmsg.params()).containsExactly("#lobby",
                "Hello everyone, this is our CN project; the demo is at five in lab 3");
        assertThat(privmsg.tags()).isEmpty();

        IrcMessage tagged = Samples.message("tagged");
        assertThat(tagged.command()).isEqualTo("PRIVMSG");
        assertThat(tagged.tags()).containsOnlyKeys("time", "msgid", "account", "+draft/reply");
        assertThat(tagged.params()).isEqualTo(privmsg.params());

        IrcMessage numeric = Samples.message("numeric");
        assertThat(numeric.command()).isEqualTo("005");
        assertThat(numeric.params()).hasSize(15).startsWith("19803021").endsWith("are supported by this server");
    }

    @ParameterizedTest
    @ValueSource(strings = {"privmsg", "tagged", "numeric"})
    void serializingGivesTheLineBack(String name) {
        assertThat(IrcSerializer.serialize(Samples.message(name))).isEqualTo(Samples.line(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"privmsg", "tagged", "numeric"})
    void encodingGivesTheLineWithCrLf(String name) {
        SerializeBenchmark bench = new SerializeBenchmark();
        bench.line = name;
        bench.setUp();
        try {
            String expected = Samples.line(name) + "\r\n";
            assertThat(bench.lineEncoder()).isEqualTo(expected.length());
            assertThat(bench.lineEncoderExactReserve()).isEqualTo(expected.length());
            assertThat(bench.intoChunk()).isEqualTo(expected.length());
            assertThat(bench.chunk().toString(StandardCharsets.UTF_8)).isEqualTo(expected);
            for (int i = 0; i < 1000; i++) { // several chunks' worth: each line whole, in a chunk of 16 KiB
                int end = bench.intoChunkExactReserve();
                assertThat(end % expected.length()).isZero();
                assertThat(bench.chunk().capacity()).isEqualTo(SerializeBenchmark.CHUNK_BYTES);
                assertThat(bench.chunk().toString(end - expected.length(), expected.length(), StandardCharsets.UTF_8))
                        .isEqualTo(expected);
            }
            for (int i = 0; i < 1000; i++) {
                int end = bench.utf8IntoChunk();
                assertThat(bench.chunk().toString(end - expected.length(), expected.length(), StandardCharsets.UTF_8))
                        .isEqualTo(expected);
                end = bench.intoChunk();
                assertThat(bench.chunk().toString(end - expected.length(), expected.length(), StandardCharsets.UTF_8))
                        .isEqualTo(expected);
            }
        } finally {
            bench.tearDown();
        }
    }

    @Test
    void viewsKeepTheTagsTheirCapabilitiesAllow() {
        IrcMessage tagged = Samples.message("tagged");
        TagPolicyBenchmark bench = new TagPolicyBenchmark();
        bench.view = "all";
        bench.setUp();
        assertThat(bench.forView().tags()).isEqualTo(tagged.tags());
        bench.view = "time";
        bench.setUp();
        assertThat(bench.forView().tags()).containsOnlyKeys("time");
        bench.view = "none";
        bench.setUp();
        assertThat(bench.forView().tags()).isEmpty();
    }

    /** The line each view's member gets from a fan-out of the tagged message. */
    private static String lineFor(int view) {
        IrcMessage tagged = Samples.message("tagged");
        IrcMessage shown = view == Samples.VIEW_ALL ? tagged
                : view == Samples.VIEW_TIME ? tagged.withTags(java.util.Map.of("time", tagged.tags().get("time")))
                : tagged.withTags(java.util.Map.of());
        return IrcSerializer.serialize(shown) + "\r\n";
    }

    private static long bytesOfOneFanout(int size, int views) {
        long bytes = 0;
        for (int i = 0; i < size; i++) {
            bytes += lineFor(Samples.VIEWS[i % views]).length();
        }
        return bytes;
    }

    @ParameterizedTest
    @EnumSource(FanoutRig.ChannelKind.class)
    void flushModeFlushesEveryRecipientInEveryFanout(FanoutRig.ChannelKind kind) {
        int size = 100;
        FanoutRig rig = new FanoutRig(size, 3, kind, FanoutRig.Flushing.FLUSH, Samples.message("tagged"));
        try {
            for (int i = 0; i < 50; i++) {
                assertThat(rig.fanOut()).isEqualTo(bytesOfOneFanout(size, 3));
            }
            assertThat(rig.fanouts()).isEqualTo(50);
            assertThat(rig.flushes()).isEqualTo(50L * size);
            assertThat(rig.writes()).isEqualTo(50L * size);
            assertThat(rig.copies()).isZero(); // each a slice of its view's chunk
            assertThat(rig.largestChunk()).isBetween(1024, 16 * 1024); // a room's chunks start small, grow to 16 KiB
            assertThat(rig.generations()).isGreaterThan(1);
        } finally {
            rig.close();
        }
    }

    @ParameterizedTest
    @EnumSource(FanoutRig.ChannelKind.class)
    void gatherModeHoldsLinesUntilTheIntervalIsOver(FanoutRig.ChannelKind kind) {
        int size = 50;
        FanoutRig rig = new FanoutRig(size, 1, kind, FanoutRig.Flushing.GATHER, Samples.message("tagged"));
        try {
            long line = lineFor(Samples.VIEW_ALL).length();
            // New connections were never flushed: the first fan-out goes out at once.
            assertThat(rig.fanOut()).isEqualTo(size * line);
            for (int i = 0; i < 400; i++) { // 400 lines: more than one 16 KiB chunk
                rig.fanOut();
            }
            // An interval after the last flush, the next fan-out takes everything that waited with it.
            for (long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(25); System.nanoTime() < until; ) {
                LockSupport.parkNanos(until - System.nanoTime());
            }
            rig.fanOut();
            assertThat(rig.bytes()).isEqualTo(402L * size * line);
            assertThat(rig.flushes()).isLessThan(402L * size);
            assertThat(rig.generations()).isEqualTo(1);
        } finally {
            rig.close();
        }
    }

    @Test
    void roomsInTurnGetEveryLineThroughBuffersOfTheirOwn() {
        int size = 20;
        FanoutRig rig = new FanoutRig(2, size, 1, FanoutRig.ChannelKind.EMBEDDED, FanoutRig.Flushing.GATHER,
                Samples.message("tagged"));
        try {
            long line = lineFor(Samples.VIEW_ALL).length();
            for (int i = 0; i < 100; i++) {
                rig.fanOut();
            }
            for (long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(25); System.nanoTime() < until; ) {
                LockSupport.parkNanos(until - System.nanoTime());
            }
            rig.fanOut(); // flushes both rooms' members
            assertThat(rig.bytes()).isEqualTo(101L * size * line);
            assertThat(rig.copies()).isPositive(); // the lines after a member's first were copied
        } finally {
            rig.close();
        }
    }

    @Test
    void fanoutBenchmarkSetsUpAndTearsDown() {
        FanoutBenchmark bench = new FanoutBenchmark();
        bench.recipients = 10;
        bench.channel = "embedded";
        bench.flushing = "flush";
        bench.views = 1;
        bench.rooms = 1;
        bench.setUp();
        bench.resetCounts();
        FanoutBenchmark.PerRecipient counter = new FanoutBenchmark.PerRecipient();
        assertThat(bench.fanout(counter)).isEqualTo(bytesOfOneFanout(10, 1));
        assertThat(counter.recipient).isEqualTo(10);
        bench.tearDown();
    }
}
