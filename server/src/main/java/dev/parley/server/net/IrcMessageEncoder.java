package dev.parley.server.net;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcSerializer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes an {@link IrcMessage} as a UTF-8 line ending in CR LF. */
@Sharable
public final class IrcMessageEncoder extends MessageToByteEncoder<IrcMessage> {
    public static final IrcMessageEncoder INSTANCE = new IrcMessageEncoder();
    private static final Logger LOG = LoggerFactory.getLogger(IrcMessageEncoder.class);

    private IrcMessageEncoder() {
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, IrcMessage message, ByteBuf out) {
        String line;
        try {
            line = IrcSerializer.serialize(message);
        } catch (IllegalArgumentException e) {
            // A message the protocol cannot express is a server bug; losing that one message is
            // better than losing the connection.
            LOG.error("Dropped an unserializable {} message: {}", message.command(), e.getMessage());
            return;
        }
        ByteBufUtil.writeUtf8(out, line);
        out.writeByte('\r').writeByte('\n');
    }
}
