package dev.parley.server.net;

import dev.parley.protocol.IrcLimits;
import dev.parley.server.ServerContext;
import dev.parley.server.command.Departures;
import dev.parley.server.command.Dispatcher;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.security.cert.Certificate;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds the pipeline of one client connection, one stage per job:
 * TLS → idle detection → line framing (length-capped) → IRC decoding → session.
 */
public final class IrcChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final ServerContext ctx;
    private final Dispatcher dispatcher;
    private final Departures departures;
    private final Supplier<SslContext> tls;
    private final Function<Certificate, String> fingerprinter;

    /** @param tls the TLS context for new connections, or null for a plaintext listener */
    public IrcChannelInitializer(ServerContext ctx, Dispatcher dispatcher, Departures departures,
                                 Supplier<SslContext> tls, Function<Certificate, String> fingerprinter) {
        this.ctx = ctx;
        this.dispatcher = dispatcher;
        this.departures = departures;
        this.tls = tls;
        this.fingerprinter = fingerprinter;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        // Read per connection, so a reloaded send_queue_bytes applies to every new client.
        int sendQueue = ctx.config().limits().sendQueueBytes();
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(sendQueue / 2, sendQueue));
        ChannelPipeline pipeline = channel.pipeline();
        if (tls != null) {
            pipeline.addLast("tls", tls.get().newHandler(channel.alloc()));
        }
        pipeline.addLast("idle", new IdleStateHandler(ctx.config().limits().pingIntervalSeconds(), 0, 0, TimeUnit.SECONDS));
        // Replies to one read are flushed together instead of one syscall (and TLS record) each.
        pipeline.addLast("flush", new FlushConsolidationHandler(64, true));
        pipeline.addLast("framer", new LineBasedFrameDecoder(IrcLimits.MAX_FRAME_BYTES, true, false));
        pipeline.addLast("decoder", new IrcLineDecoder());
        pipeline.addLast("encoder", IrcMessageEncoder.INSTANCE);
        pipeline.addLast("session", new IrcSessionHandler(ctx, dispatcher, departures, tls != null, fingerprinter));
    }
}
