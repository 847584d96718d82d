package dev.parley.server.web;

import dev.parley.server.command.ServerContext;
import dev.parley.server.net.SessionStage;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Builds the pipeline of one connection to the web listener: TLS → HTTP → {@link WebRouter},
 * which serves the client's files and, on {@code /socket}, turns the connection into IRC over
 * WebSocket ending in the same session stage as a TCP client's.
 */
public final class WebChannelInitializer extends ChannelInitializer<SocketChannel> {
    /** A request (line, headers, body) larger than this is refused: the client only ever GETs. */
    static final int MAX_REQUEST_BYTES = 8192;
    /** Silence allowed on a connection before it upgrades (and between its requests). */
    static final int HTTP_IDLE_SECONDS = 30;

    private final WebListener listener;
    private final SessionStage sessions;
    private final Function<ByteBufAllocator, ChannelHandler> tls;

    /**
     * @param tls                makes the TLS handler of a new connection, or null behind a proxy that does TLS
     * @param trustedCertificate whether the certificate is one browsers trust (for HSTS), read per answer
     */
    public WebChannelInitializer(ServerContext ctx, SessionStage sessions, StaticFiles files,
                                 Function<ByteBufAllocator, ChannelHandler> tls, BooleanSupplier trustedCertificate) {
        this.listener = new WebListener(ctx, sessions, files, tls != null, trustedCertificate);
        this.sessions = sessions;
        this.tls = tls;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        // As on the IRC listeners: a banned address or one past a connection cap is closed before
        // it costs a TLS handshake. Without TLS (behind a proxy) the WebSocket session refuses it
        // with a reason, as a plaintext IRC session does.
        if (tls != null && sessions.refusedEarly(channel)) {
            channel.close();
            return;
        }
        ChannelPipeline pipeline = channel.pipeline();
        if (tls != null) {
            pipeline.addLast("tls", tls.apply(channel.alloc()));
        }
        pipeline.addLast("http", new HttpServerCodec(4096, MAX_REQUEST_BYTES, MAX_REQUEST_BYTES));
        pipeline.addLast("http-aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES));
        pipeline.addLast("http-timeout", new ReadTimeoutHandler(HTTP_IDLE_SECONDS, TimeUnit.SECONDS));
        pipeline.addLast("web", new WebRouter(listener));
    }
}
