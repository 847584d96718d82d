package dev.parley.server.net;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import java.util.function.Supplier;

/**
 * Builds the pipeline of one IRC client connection, one stage per job:
 * TLS → session (which cuts the bytes into length-capped lines and decodes them). Nothing encodes
 * on the way out: lines arrive as bytes from the event loop's {@link dev.parley.server.delivery.Outbox},
 * which also decides when to flush.
 */
public final class IrcChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final SessionStage sessions;
    private final Supplier<SslContext> tls;

    /** @param tls the TLS context for new connections, or null for a plaintext listener */
    public IrcChannelInitializer(SessionStage sessions, Supplier<SslContext> tls) {
        this.sessions = sessions;
        this.tls = tls;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (tls != null) {
            pipeline.addLast("tls", tls.get().newHandler(channel.alloc()));
        }
        pipeline.addLast("session", sessions.newHandler(channel));
    }
}
