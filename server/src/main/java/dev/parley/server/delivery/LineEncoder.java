package dev.parley.server.delivery;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcSerializer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An {@link IrcMessage} as the bytes of one line: UTF-8, ending in CR LF, in a direct buffer. */
public final class LineEncoder {
    private static final Logger LOG = LoggerFactory.getLogger(LineEncoder.class);

    private LineEncoder() {
    }

    /** The encoded line, or null (logged) for a message the protocol cannot express. */
    public static ByteBuf encode(ByteBufAllocator alloc, IrcMessage message) {
        String line = serialize(message);
        if (line == null) {
            return null;
        }
        int length = ByteBufUtil.utf8Bytes(line);
        ByteBuf out = alloc.directBuffer(length + 2);
        // The exact length: writeUtf8 alone reserves three bytes a character, and so reallocates.
        ByteBufUtil.reserveAndWriteUtf8(out, line, length);
        return out.writeByte('\r').writeByte('\n');
    }

    /** The line without CR LF, or null (logged) for a message the protocol cannot express. */
    static String serialize(IrcMessage message) {
        try {
            return IrcSerializer.serialize(message);
        } catch (IllegalArgumentException e) {
            // A message the protocol cannot express is a server bug; losing that one message is
            // better than losing the connection.
            LOG.error("Dropped an unserializable {} message: {}", message.command(), e.getMessage());
            return null;
        }
    }
}
