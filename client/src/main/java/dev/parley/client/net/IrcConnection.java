package dev.parley.client.net;

import dev.parley.protocol.IrcLimits;
import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcParseException;
import dev.parley.protocol.IrcParser;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * One client connection to an IRC server, optionally over TLS. Incoming lines are parsed with
 * {@link IrcParser} and handed to a {@link ConnectionListener}; {@link #send} writes messages in
 * order. The pipeline: TLS, line framing (length-capped), UTF-8 decoding, IRC parsing, and an idle
 * watch that pings a silent server and gives up on one that stays silent.
 */
public final class IrcConnection {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(20);

    private final String host;
    private final int port;
    private final SslContext sslContext;
    private final ConnectionListener listener;
    private final Duration idleTimeout;
    private final AtomicBoolean closedReported = new AtomicBoolean();
    private volatile Channel channel;
    /**
     * The TLS handler made for the channel, kept here: a handshake that fails at once (a refused
     * certificate on loopback) closes the channel, and a closed channel's pipeline is emptied
     * before {@link #open} may get to look in it.
     */
    private volatile SslHandler tls;
    private volatile String closeReason;
    private volatile String tlsProtocol;

    /**
     * @param sslContext  the client TLS context, or null for plaintext
     * @param idleTimeout how long the server may stay silent before it is pinged, and then again
     *                    before the connection counts as lost
     */
    public IrcConnection(String host, int port, SslContext sslContext, ConnectionListener listener, Duration idleTimeout) {
        this.host = Objects.requireNonNull(host);
        this.port = port;
        this.sslContext = sslContext;
        this.listener = Objects.requireNonNull(listener);
        this.idleTimeout = idleTimeout;
    }

    /**
     * Connects and, with TLS, completes the handshake. Blocks until then.
     *
     * @throws IOException with a message fit for the user when the server cannot be reached or the
     *                     TLS handshake fails (for a certificate the trust manager refused, ask it why)
     */
    public void open(EventLoopGroup group) throws IOException, InterruptedException {
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new Initializer());
        ChannelFuture connect = bootstrap.connect(host, port);
        connect.await();
        if (!connect.isSuccess()) {
            throw new IOException(describeConnectFailure(connect.cause()), connect.cause());
        }
        channel = connect.channel();
        channel.closeFuture().addListener(f -> reportClosed());
        SslHandler ssl = tls;
        if (sslContext != null) {
            var handshake = ssl.handshakeFuture().await();
            if (!handshake.isSuccess()) {
                channel.close();
                throw new IOException("TLS handshake with " + host + " failed: " + rootMessage(handshake.cause()),
                        handshake.cause());
            }
            SSLSession session = ssl.engine().getSession();
            tlsProtocol = session.getProtocol();
        }
    }

    /** Sends one message; messages are written in the order of the calls. */
    public void send(IrcMessage message) {
        Channel ch = channel;
        if (ch != null) {
            ch.writeAndFlush(message);
        }
    }

    /** Closes the connection; the listener hears of it once. */
    public void close() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    /** Waits up to {@code timeout} for the connection to be closed (by either side). */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        Channel ch = channel;
        return ch == null || ch.closeFuture().await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isOpen() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    /** The negotiated TLS version ("TLSv1.3"), or null on a plaintext connection. */
    public String tlsProtocol() {
        return tlsProtocol;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    private void reportClosed() {
        if (closedReported.compareAndSet(false, true)) {
            String reason = closeReason;
            listener.closed(this, reason == null ? "connection closed" : reason);
        }
    }

    private static String describeConnectFailure(Throwable cause) {
        if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
            return "unknown host";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        return rootMessage(cause);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }

    private final class Initializer extends ChannelInitializer<SocketChannel> {
        @Override
        protected void initChannel(SocketChannel ch) {
            ChannelPipeline pipeline = ch.pipeline();
            if (sslContext != null) {
                SslHandler ssl = sslContext.newHandler(ch.alloc(), host, port);
                ssl.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT.toMillis());
                // Makes the trust manager check the certificate's names against the host when it
                // asks the system's CAs; a pinned certificate is bound to host:port instead.
                SSLEngine engine = ssl.engine();
                SSLParameters parameters = engine.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                engine.setSSLParameters(parameters);
                pipeline.addLast("tls", ssl);
                tls = ssl;
            }
            long idle = idleTimeout.toMillis();
            if (idle > 0) {
                pipeline.addLast("idle", new IdleStateHandler(idle, 0, 0, TimeUnit.MILLISECONDS));
            }
            pipeline.addLast("framer", new LineBasedFrameDecoder(IrcLimits.MAX_FRAME_BYTES, true, true));
            pipeline.addLast("utf8", new StringDecoder(StandardCharsets.UTF_8));
            pipeline.addLast("encoder", IrcLineEncoder.INSTANCE);
            pipeline.addLast("irc", new InboundHandler());
        }
    }

    private final class InboundHandler extends SimpleChannelInboundHandler<String> {
        private boolean pinged;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            pinged = false;
            if (line.isEmpty()) {
                return;
            }
            IrcMessage message;
            try {
                message = IrcParser.parse(line);
            } catch (IrcParseException e) {
                return; // one garbled line is no reason to drop the chat
            }
            if ("PING".equals(message.command())) {
                ctx.writeAndFlush(IrcMessage.of("PONG", message.params().isEmpty() ? "" : message.last()));
                return;
            }
            listener.received(IrcConnection.this, message);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
                if (pinged) {
                    closeReason = "the server stopped answering";
                    ctx.close();
                } else {
                    pinged = true;
                    ctx.writeAndFlush(IrcMessage.of("PING", "parley-client"));
                }
                return;
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof TooLongFrameException) {
                return; // the framer has dropped the over-long line; the rest of the stream is fine
            }
            if (closeReason == null) {
                closeReason = cause instanceof SSLException ? "TLS error: " + rootMessage(cause) : rootMessage(cause);
            }
            ctx.close();
        }
    }
}
