package dev.parley.client.net;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcSerializer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes an {@link IrcMessage} as one UTF-8 line ending in CR LF. */
@Sharable
final class IrcLineEncoder extends MessageToByteEncoder<IrcMessage> {
    static final IrcLineEncoder INSTANCE = new IrcLineEncoder();

    private IrcLineEncoder() {
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, IrcMessage message, ByteBuf out) {
        String line = IrcSerializer.serialize(message);
        // A CR or LF smuggled into a parameter would let text typed by the user become a second
        // command to the server; the callers strip them, this is the last line of defence.
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new IllegalArgumentException("IRC line contains CR, LF or NUL");
            }
        }
        ByteBufUtil.writeUtf8(out, line);
        out.writeByte('\r').writeByte('\n');
    }
}
