package dev.parley.server.testing;

import dev.parley.server.net.tls.PinningTrustManager;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;

/**
 * IRC over WebSocket for tests, with Netty's WebSocket client codec: each line one message, as a
 * browser client sends it. Keeps the last frame received, so a test can check its kind and bytes.
 */
public final class WebSocketLines implements LineTransport {
    /** One message from the server. */
    public record Frame(boolean binary, byte[] data) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private static final Frame CLOSED = new Frame(false, new byte[0]);

    private final EventLoopGroup group;
    private final Channel channel;
    private final String subprotocol;
    private final BlockingQueue<Frame> received;
    private boolean sendBinary;
    private Frame last;

    private WebSocketLines(EventLoopGroup group, Channel channel, String subprotocol, BlockingQueue<Frame> received) {
        this.group = group;
        this.channel = channel;
        this.subprotocol = subprotocol;
        this.received = received;
        this.sendBinary = "binary.ircv3.net".equals(subprotocol);
    }

    /**
     * Opens {@code /socket} at {@code address}.
     *
     * @param pinnedFingerprint the server certificate's fingerprint (wss:), or null for ws:
     * @param origin            the Origin header to send, or null for none
     * @param subprotocols      the subprotocols to ask for, in order of preference
     * @throws io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException when refused
     */
    public static WebSocketLines connect(InetSocketAddress address, String pinnedFingerprint, String origin,
                                         String... subprotocols) throws Exception {
        URI uri = URI.create((pinnedFingerprint != null ? "wss" : "ws") + "://127.0.0.1:" + address.getPort()
                + "/socket");
        HttpHeaders headers = new DefaultHttpHeaders();
        if (origin != null) {
            headers.set(HttpHeaderNames.ORIGIN, origin);
        }
        WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(uri,
                WebSocketVersion.V13, subprotocols.length == 0 ? null : String.join(",", subprotocols),
                false, headers, 1 << 16);
        BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            SSLContext tls = null;
            if (pinnedFingerprint != null) {
                tls = SSLContext.getInstance("TLS");
                tls.init(null, new TrustManager[] {new PinningTrustManager(pinnedFingerprint)}, null);
            }
            SSLContext tlsContext = tls;
            Handler handler = new Handler(handshaker, received);
            Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (tlsContext != null) {
                                SSLEngine engine = tlsContext.createSSLEngine("127.0.0.1", address.getPort());
                                engine.setUseClientMode(true);
                                ch.pipeline().addLast(new SslHandler(engine));
                            }
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16), handler);
                        }
                    })
                    .connect(address).sync().channel();
            handler.handshakeDone.await(IrcTestClient.TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (!handler.handshakeDone.isSuccess()) {
                throw handler.handshakeDone.cause() instanceof Exception e ? e
                        : new IOException("WebSocket handshake did not finish", handler.handshakeDone.cause());
            }
            return new WebSocketLines(group, channel, handshaker.actualSubprotocol(), received);
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The subprotocol the server chose, or null (then text). */
    public String subprotocol() {
        return subprotocol;
    }

    /** Sends later lines as binary (true) or text (false) messages, whatever was agreed. */
    public void sendBinary(boolean binary) {
        this.sendBinary = binary;
    }

    /** The frame of the line last read. */
    public Frame lastFrame() {
        return last;
    }

    /** The next message as it came, or null when closed. */
    public Frame nextFrame() throws IOException {
        Frame frame;
        try {
            frame = received.poll(IrcTestClient.TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (frame == null) {
            throw new SocketTimeoutException("no WebSocket message in time");
        }
        if (frame == CLOSED) {
            received.add(CLOSED); // stays closed
            return null;
        }
        last = frame;
        return frame;
    }

    @Override
    public String readLine() throws IOException {
        Frame frame = nextFrame();
        return frame == null ? null : frame.text();
    }

    @Override
    public void sendLine(String line) throws IOException {
        sendRaw(line.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void sendRaw(byte[] bytes) throws IOException {
        WebSocketFrame frame = sendBinary ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes))
                : new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes));
        if (!channel.writeAndFlush(frame).awaitUninterruptibly(IrcTestClient.TIMEOUT_MS)) {
            throw new IOException("WebSocket write did not complete");
        }
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(IrcTestClient.TIMEOUT_MS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(IrcTestClient.TIMEOUT_MS);
    }

    private static final class Handler extends SimpleChannelInboundHandler<Object> {
        private final WebSocketClientHandshaker handshaker;
        private final BlockingQueue<Frame> received;
        private ChannelPromise handshakeDone;

        Handler(WebSocketClientHandshaker handshaker, BlockingQueue<Frame> received) {
            this.handshaker = handshaker;
            this.received = received;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            handshakeDone = ctx.newPromise();
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            handshaker.handshake(ctx.channel());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            handshakeDone.tryFailure(new IOException("closed before the WebSocket handshake finished"));
            received.add(CLOSED);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (!handshaker.isHandshakeComplete()) {
                try {
                    handshaker.finishHandshake(ctx.channel(), (FullHttpResponse) msg);
                    handshakeDone.setSuccess();
                } catch (RuntimeException refused) {
                    handshakeDone.setFailure(refused);
                }
                return;
            }
            if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
                WebSocketFrame frame = (WebSocketFrame) msg;
                received.add(new Frame(frame instanceof BinaryWebSocketFrame, ByteBufUtil.getBytes(frame.content())));
            } else if (msg instanceof CloseWebSocketFrame) {
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            handshakeDone.tryFailure(cause);
            ctx.close();
        }
    }
}
