package dev.parley.server.net;

import dev.parley.protocol.IrcLimits;
import dev.parley.protocol.IrcParseException;
import dev.parley.protocol.IrcParser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns one framed line (CR LF already stripped) into an {@link InboundLine}: checks its length
 * against the protocol's limits, validates UTF-8 and parses it. Never throws for bad input: every
 * kind of bad line becomes a value the session answers with the proper error.
 */
public final class IrcLineDecoder extends MessageToMessageDecoder<ByteBuf> {
    /** Tag section of a client message: 4094 bytes of tags plus '@' and a space. */
    private static final int MAX_CLIENT_TAG_SECTION = IrcLimits.MAX_CLIENT_TAG_BYTES + 2;
    /** Body without CR LF. */
    private static final int MAX_BODY = IrcLimits.MAX_LINE_BYTES - 2;

    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        int length = frame.readableBytes();
        // A trailing CR left by a bare-LF split, or CR LF split by a client, is not part of the line.
        if (length > 0 && frame.getByte(frame.readerIndex() + length - 1) == '\r') {
            length--;
        }
        if (length == 0) {
            return; // empty lines are ignored, as modern IRC says
        }
        int tagSection = 0;
        if (frame.getByte(frame.readerIndex()) == '@') {
            int space = frame.indexOf(frame.readerIndex(), frame.readerIndex() + length, (byte) ' ');
            tagSection = space < 0 ? length : space - frame.readerIndex() + 1;
        }
        if (tagSection > MAX_CLIENT_TAG_SECTION || length - tagSection > MAX_BODY) {
            out.add(new InboundLine.TooLong());
            return;
        }
        ByteBuffer bytes = frame.nioBuffer(frame.readerIndex(), length);
        String line;
        try {
            line = utf8.reset().decode(bytes).toString();
        } catch (CharacterCodingException e) {
            out.add(new InboundLine.InvalidUtf8(guessCommand(frame, tagSection, length)));
            return;
        }
        try {
            out.add(new InboundLine.Message(IrcParser.parse(line)));
        } catch (IrcParseException e) {
            out.add(new InboundLine.Malformed(e.getMessage()));
        }
    }

    /** The command word of a line that could not be decoded, so the error can name it. */
    private static String guessCommand(ByteBuf frame, int tagSection, int length) {
        int pos = frame.readerIndex() + tagSection;
        int end = frame.readerIndex() + length;
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
