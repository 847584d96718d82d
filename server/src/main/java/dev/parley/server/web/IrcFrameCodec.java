package dev.parley.server.web;

import dev.parley.server.net.InboundLine;
import dev.parley.server.net.IrcLineDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/**
 * IRC over WebSocket (IRCv3 websocket): one IRC line per message, no CR LF. Inbound, each text or
 * binary message becomes an {@link InboundLine} by the same rules as a line read from TCP, for
 * the session stage behind it. Outbound, the bytes of CR LF lines the server writes (as to any
 * connection) are cut into one frame per line: text frames unless the client chose
 * {@code binary.ircv3.net}. Each frame is a slice of those bytes, not a copy. Also answers the
 * WebSocket's own ping and close.
 */
final class IrcFrameCodec extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {
    private final boolean binary;
    private boolean closeSent;

    /** @param binary whether lines go out as binary frames ({@code binary.ircv3.net}) */
    IrcFrameCodec(boolean binary) {
        this.binary = binary;
    }

    @Override
    protected void decode(ChannelHandlerContext chc, WebSocketFrame frame, List<Object> out) {
        if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
            // Text or binary alike: the line decoder checks UTF-8 and answers as it does on TCP.
            InboundLine line = IrcLineDecoder.decodeWhole(frame.content());
            if (line != null) {
                out.add(line);
            }
        } else if (frame instanceof PingWebSocketFrame) {
            chc.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame) {
            closeSent = true;
            chc.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                    .addListener(ChannelFutureListener.CLOSE);
        }
        // Pongs need nothing: the session's IRC PINGs are what tell a silent client.
    }

    /** Only buffers with lines; the empty one written before a close passes as it is. */
    @Override
    public boolean acceptOutboundMessage(Object msg) throws Exception {
        return msg instanceof ByteBuf buf && buf.isReadable();
    }

    @Override
    protected void encode(ChannelHandlerContext chc, ByteBuf lines, List<Object> out) {
        int end = lines.writerIndex();
        int start = lines.readerIndex();
        while (start < end) {
            int lf = lines.indexOf(start, end, (byte) '\n');
            int next = lf < 0 ? end : lf + 1;
            int lineEnd = lf < 0 ? end : lf;
            if (lineEnd > start && lines.getByte(lineEnd - 1) == '\r') {
                lineEnd--;
            }
            if (lineEnd > start) {
                ByteBuf line = lines.retainedSlice(start, lineEnd - start);
                out.add(binary ? new BinaryWebSocketFrame(line) : new TextWebSocketFrame(line));
            }
            start = next;
        }
        if (out.isEmpty()) {
            out.add(Unpooled.EMPTY_BUFFER); // only empty lines: nothing to frame, but the write must complete
        }
    }

    /** A close from the server's side (QUIT, KILL, timeouts) says so in WebSocket terms first. */
    @Override
    public void close(ChannelHandlerContext chc, ChannelPromise promise) {
        if (closeSent || !chc.channel().isActive()) {
            chc.close(promise);
            return;
        }
        closeSent = true;
        chc.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                .addListener(written -> chc.close(promise));
    }
}
