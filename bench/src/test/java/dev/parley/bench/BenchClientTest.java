package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The receive path: lines read straight from the buffer, however the reads cut them. */
class BenchClientTest {
    private final LoopTally tally = new LoopTally();
    private final List<String> events = new ArrayList<>();

    private EmbeddedChannel client(BenchClient.Goal goal) {
        BenchClient.Events listener = new BenchClient.Events() {
            @Override
            public void ready(BenchClient client) {
                events.add("ready");
            }

            @Override
            public void failed(BenchClient client, String why) {
                events.add("failed: " + why);
            }

            @Override
            public void dropped(BenchClient client, String why) {
                events.add("dropped: " + why);
            }
        };
        return new EmbeddedChannel(new BenchClient(7, "#f", goal, listener, loop -> tally, 0));
    }

    private static String written(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        for (ByteBuf b = ch.readOutbound(); b != null; b = ch.readOutbound()) {
            sb.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return sb.toString();
    }

    private static String benchLine(int step, boolean timed, long nanos) {
        ByteBuf buf = Unpooled.buffer();
        MessageFormat.write(buf, MessageFormat.prefix("#f"), MessageFormat.tag(step, timed), step, 3, 42, nanos, 100);
        String line = buf.toString(StandardCharsets.US_ASCII);
        buf.release();
        return ":b3!b3@127.0.0.1 " + line;
    }

    @Test
    void registersJoinsAndAnswersPings() {
        EmbeddedChannel ch = client(BenchClient.Goal.JOIN);
        assertThat(written(ch)).isEqualTo("NICK b7\r\nUSER b7 0 * :b7\r\n");
        ch.writeInbound(Unpooled.copiedBuffer("PING :abc\r\n:srv 433 * b7 :Nickname is already in use\r\n",
                StandardCharsets.UTF_8));
        assertThat(written(ch)).isEqualTo("PONG :abc\r\nNICK b7_1\r\n");
        ch.writeInbound(Unpooled.copiedBuffer(":srv 001 b7_1 :Welcome\r\n:srv 422 b7_1 :No MOTD\r\n",
                StandardCharsets.UTF_8));
        assertThat(written(ch)).isEqualTo("JOIN #f\r\n");
        ch.writeInbound(Unpooled.copiedBuffer(":b7_1!u@h JOIN #f\r\n:srv 353 b7_1 = #f :b7_1\r\n"
                + ":srv 366 b7_1 #F :End of /NAMES list.\r\n", StandardCharsets.UTF_8));
        assertThat(events).containsExactly("ready");
        ch.writeInbound(Unpooled.copiedBuffer("ERROR :SendQ exceeded\r\n", StandardCharsets.UTF_8));
        ch.close();
        assertThat(events).containsExactly("ready", "dropped: ERROR SendQ exceeded");
    }

    @Test
    void anErrorNumericBeforeJoiningFailsTheClient() {
        EmbeddedChannel ch = client(BenchClient.Goal.JOIN);
        ch.writeInbound(Unpooled.copiedBuffer(":srv 001 b7 :Welcome\r\n:srv 405 b7 #f :Too many channels\r\n",
                StandardCharsets.UTF_8));
        assertThat(ch.isActive()).isFalse();
        assertThat(events).containsExactly("failed: 405 #f Too many channels");
    }

    @Test
    void countsMeasuredLinesOfTheCurrentStepWhereverReadsCutThem() {
        EmbeddedChannel ch = client(BenchClient.Goal.JOIN);
        tally.startStep(5);
        long sent = System.nanoTime();
        String stream = benchLine(5, true, sent) + benchLine(4, true, sent) + benchLine(5, false, sent)
                + ":b3!b3@h PRIVMSG #f :w 5 3 1 " + sent + " xx\r\n" + ":b3!b3@h PRIVMSG #f :hello\r\n"
                + benchLine(5, true, sent);
        byte[] bytes = stream.getBytes(StandardCharsets.US_ASCII);
        // Cut into pieces of 1 to 37 bytes, so that lines (and the CR LF) straddle reads.
        for (int i = 0, size = 1; i < bytes.length; i += size, size = size % 37 + 1) {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(size, bytes.length - i)));
        }
        assertThat(tally.measured).isEqualTo(3);
        assertThat(tally.allLines).isEqualTo(5);
        assertThat(tally.latency.count()).isEqualTo(2); // the timed ones of step 5
        assertThat(tally.latency.maxNanos()).isBetween(0L, System.nanoTime() - sent);
        assertThat(written(ch)).doesNotContain("PRIVMSG");
    }

    @Test
    void aNegativeScheduledTimeIsReadBack() {
        EmbeddedChannel ch = client(BenchClient.Goal.JOIN);
        tally.startStep(1);
        long now = System.nanoTime();
        long sent = -123_456_789L;
        ch.writeInbound(Unpooled.copiedBuffer(benchLine(1, true, sent), StandardCharsets.US_ASCII));
        assertThat(tally.measured).isEqualTo(1);
        assertThat((double) tally.latency.maxNanos()).isGreaterThanOrEqualTo((double) (now - sent));
    }

    @Test
    void linesHaveTheRequestedLength() {
        ByteBuf buf = Unpooled.buffer();
        MessageFormat.write(buf, MessageFormat.prefix("#r2s"), MessageFormat.tag(12, true), 12, 99, 123_456,
                System.nanoTime(), 120);
        assertThat(buf.readableBytes()).isEqualTo(120);
        assertThat(buf.toString(StandardCharsets.US_ASCII)).startsWith("PRIVMSG #r2s :M 12 99 123456 ").endsWith("x\r\n");
        buf.release();
    }
}
