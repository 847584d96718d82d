package dev.parley.microbench;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcSerializer;
import dev.parley.server.delivery.LineEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An {@link IrcMessage} to a line, and a line to the bytes the server writes.
 *
 * <ul>
 *   <li>{@code serialize}: {@link IrcSerializer#serialize} to a String.</li>
 *   <li>{@code lineEncoder}: {@link LineEncoder#encode}, as each reply goes out: serialize, then
 *       UTF-8 into a pooled direct buffer of its own, released here (as the transport does once
 *       the line is written).</li>
 *   <li>{@code lineEncoderExactReserve}: the same, but writing with
 *       {@code ByteBufUtil.reserveAndWriteUtf8(buf, line, exactLength)}. {@code writeUtf8} reserves
 *       3 bytes per char, more than the exact-size buffer LineEncoder asks for, so that buffer is
 *       always reallocated (a second allocation; the line ends in a 512 or 1024-byte buffer).</li>
 *   <li>{@code intoChunk}: what {@code ViewLines.encode} (package-private, so copied here) does
 *       once per view per fan-out: serialize, then UTF-8 and CR LF at the end of a 16 KiB direct
 *       chunk, a new chunk when the line does not fit. There too {@code writeUtf8} reserves 3
 *       bytes per char, so near its end the chunk grows (doubles, copying) instead of being
 *       replaced; here a chunk that has grown is replaced by a new one at the next line, as the
 *       outbox's release of its chunks when nothing waits would (in the Outbox, only then).</li>
 *   <li>{@code intoChunkExactReserve}: the same with the exact reservation: chunks never grow.</li>
 *   <li>{@code utf8IntoChunk}: the UTF-8 step alone (exact reservation), from a ready String.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SerializeBenchmark {
    /** The allocator the Outbox uses. */
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
    /** ViewLines.CHUNK_BYTES. */
    static final int CHUNK_BYTES = 16 * 1024;

    @Param({"privmsg", "tagged", "numeric"})
    String line;

    private IrcMessage message;
    private String text;
    private ByteBuf chunk;

    @Setup
    public void setUp() {
        message = Samples.message(line);
        text = IrcSerializer.serialize(message);
        chunk = ALLOC.directBuffer(CHUNK_BYTES);
    }

    @TearDown
    public void tearDown() {
        chunk.release();
    }

    @Benchmark
    public String serialize() {
        return IrcSerializer.serialize(message);
    }

    @Benchmark
    public int lineEncoder() {
        ByteBuf out = LineEncoder.encode(ALLOC, message);
        int length = out.readableBytes();
        out.release();
        return length;
    }

    @Benchmark
    public int lineEncoderExactReserve() {
        String serialized = IrcSerializer.serialize(message);
        int length = ByteBufUtil.utf8Bytes(serialized);
        ByteBuf out = ALLOC.directBuffer(length + 2);
        ByteBufUtil.reserveAndWriteUtf8(out, serialized, length);
        out.writeByte('\r').writeByte('\n');
        int written = out.readableBytes();
        out.release();
        return written;
    }

    @Benchmark
    public int intoChunk() {
        return appendLine(IrcSerializer.serialize(message), false);
    }

    @Benchmark
    public int intoChunkExactReserve() {
        return appendLine(IrcSerializer.serialize(message), true);
    }

    @Benchmark
    public int utf8IntoChunk() {
        return appendLine(text, true);
    }

    /** ViewLines.encode, with or without the exact reservation; returns where the line ends. */
    int appendLine(String serialized, boolean exactReserve) {
        int length = ByteBufUtil.utf8Bytes(serialized) + 2;
        if (chunk.writableBytes() < length || chunk.capacity() > CHUNK_BYTES) {
            chunk.release();
            chunk = ALLOC.directBuffer(CHUNK_BYTES);
        }
        if (exactReserve) {
            ByteBufUtil.reserveAndWriteUtf8(chunk, serialized, length - 2);
        } else {
            ByteBufUtil.writeUtf8(chunk, serialized); // as ViewLines does
        }
        chunk.writeByte('\r').writeByte('\n');
        return chunk.writerIndex();
    }

    /** The current chunk, for tests. */
    ByteBuf chunk() {
        return chunk;
    }
}
