package dev.parley.server.net;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import java.util.function.Function;

/**
 * Builds the pipeline of one IRC client connection, one stage per job:
 * TLS → session (which cuts the bytes into length-capped lines and decodes them). Nothing encodes
 * on the way out: lines arrive as bytes from the event loop's {@link dev.parley.server.delivery.Outbox},
 * which also decides when to flush.
 */
public final class IrcChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final SessionStage sessions;
    private final Function<ByteBufAllocator, ChannelHandler> tls;

    /** @param tls makes the TLS handler of a new connection, or null for a plaintext listener */
    public IrcChannelInitializer(SessionStage sessions, Function<ByteBufAllocator, ChannelHandler> tls) {
        this.sessions = sessions;
        this.tls = tls;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        // Refused (a banned address, a cap) before it costs a TLS handshake or a session. Over TLS
        // nothing can be said without a handshake, so the connection is just closed; plaintext
        // hears why from the session below.
        if (tls != null && sessions.refusedEarly(channel)) {
            channel.close();
            return;
        }
        ChannelPipeline pipeline = channel.pipeline();
        if (tls != null) {
            pipeline.addLast("tls", tls.apply(channel.alloc()));
        }
        pipeline.addLast("session", sessions.newHandler(channel));
    }
}
