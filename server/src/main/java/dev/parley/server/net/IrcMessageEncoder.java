package dev.parley.server.net;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcSerializer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes an {@link IrcMessage} as a UTF-8 line ending in CR LF. */
@Sharable
public final class IrcMessageEncoder extends MessageToByteEncoder<IrcMessage> {
    public static final IrcMessageEncoder INSTANCE = new IrcMessageEncoder();

    private IrcMessageEncoder() {
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, IrcMessage message, ByteBuf out) {
        ByteBufUtil.writeUtf8(out, IrcSerializer.serialize(message));
        out.writeByte('\r').writeByte('\n');
    }
}
