package dev.parley.server.net;

import dev.parley.protocol.IrcLimits;
import dev.parley.protocol.IrcParseException;
import dev.parley.protocol.IrcParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts the bytes a client sends into lines (at LF, a CR before it dropped) and turns each into an
 * {@link InboundLine}: checks its length against the protocol's limits, validates UTF-8 and parses
 * it. Never throws for bad input: every kind of bad line becomes a value the session answers with
 * the proper error, and a line longer than any limit is skipped up to its end without being kept.
 * Not a pipeline stage of its own, and without state of its own, so that a connection carries one
 * handler and one object less: its {@link IrcSessionHandler} gathers the bytes, keeps the one flag
 * and calls it.
 */
public final class IrcLineDecoder {
    /** Tag section of a client message: 4094 bytes of tags plus '@' and a space. */
    private static final int MAX_CLIENT_TAG_SECTION = IrcLimits.MAX_CLIENT_TAG_BYTES + 2;
    /** Body without CR LF. */
    private static final int MAX_BODY = IrcLimits.MAX_LINE_BYTES - 2;

    private IrcLineDecoder() {
    }

    /**
     * Takes every whole line out of {@code in} (leaving a partial one) and hands each to {@code out}.
     *
     * @param discarding whether the rest of an over-long line (already answered) is being skipped
     * @return whether it is still being skipped
     */
    static boolean decode(ByteBuf in, boolean discarding, Consumer<InboundLine> out) {
        while (in.isReadable()) {
            int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            if (discarding) {
                if (lf < 0) {
                    in.skipBytes(in.readableBytes());
                    return true;
                }
                in.readerIndex(lf + 1);
                discarding = false;
                continue;
            }
            if (lf < 0) {
                if (in.readableBytes() > IrcLimits.MAX_FRAME_BYTES) {
                    // No line may be this long: answer now, and drop what comes until its end.
                    in.skipBytes(in.readableBytes());
                    discarding = true;
                    out.accept(new InboundLine.TooLong());
                }
                return discarding;
            }
            int start = in.readerIndex();
            in.readerIndex(lf + 1);
            if (lf - start > IrcLimits.MAX_FRAME_BYTES) {
                out.accept(new InboundLine.TooLong());
                continue;
            }
            InboundLine line = decodeLine(in, start, lf);
            if (line != null) {
                out.accept(line);
            }
        }
        return discarding;
    }

    /**
     * The one line that fills {@code frame}, by the same rules as a line cut from a stream: for a
     * transport whose every message is one line without its line ending (WebSocket). A CR LF or
     * LF at its end, which some clients send anyway, is not part of the line; one inside it makes
     * it malformed. Null for an empty line.
     */
    public static InboundLine decodeWhole(ByteBuf frame) {
        int start = frame.readerIndex();
        int end = frame.writerIndex();
        if (end - start > IrcLimits.MAX_FRAME_BYTES) {
            return new InboundLine.TooLong();
        }
        if (end > start && frame.getByte(end - 1) == '\n') {
            end--;
        }
        return decodeLine(frame, start, end);
    }

    /** The line in {@code [start, end)} of {@code in}, LF excluded; null for an empty line. */
    private static InboundLine decodeLine(ByteBuf in, int start, int end) {
        int length = end - start;
        // A trailing CR left by a CR LF line ending is not part of the line.
        if (length > 0 && in.getByte(start + length - 1) == '\r') {
            length--;
        }
        if (length == 0) {
            return null; // empty lines are ignored, as modern IRC says
        }
        int tagSection = 0;
        if (in.getByte(start) == '@') {
            int space = in.indexOf(start, start + length, (byte) ' ');
            tagSection = space < 0 ? length : space - start + 1;
        }
        if (tagSection > MAX_CLIENT_TAG_SECTION || length - tagSection > MAX_BODY) {
            return new InboundLine.TooLong();
        }
        if (!ByteBufUtil.isText(in, start, length, StandardCharsets.UTF_8)) {
            return new InboundLine.InvalidUtf8(guessCommand(in, start, tagSection, length));
        }
        try {
            return new InboundLine.Message(IrcParser.parse(in.toString(start, length, StandardCharsets.UTF_8)));
        } catch (IrcParseException e) {
            return new InboundLine.Malformed(e.getMessage());
        }
    }

    /** The command word of a line that could not be decoded, so the error can name it. */
    private static String guessCommand(ByteBuf frame, int start, int tagSection, int length) {
        int pos = start + tagSection;
        int end = start + length;
        while (pos < end && frame.getByte(pos) == ' ') {
            pos++;
        }
        if (pos < end && frame.getByte(pos) == ':') {
            while (pos < end && frame.getByte(pos) != ' ') {
                pos++;
            }
            while (pos < end && frame.getByte(pos) == ' ') {
                pos++;
            }
        }
        StringBuilder command = new StringBuilder();
        while (pos < end && command.length() < 20) {
            byte b = frame.getByte(pos++);
            if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')) {
                command.append((char) Character.toUpperCase(b));
            } else {
                break;
            }
        }
        return command.length() == 0 ? "*" : command.toString();
    }
}
