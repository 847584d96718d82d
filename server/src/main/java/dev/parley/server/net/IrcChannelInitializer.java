package dev.parley.server.net;

import dev.parley.server.command.ServerContext;
import dev.parley.server.command.Departures;
import dev.parley.server.command.Dispatcher;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import java.security.cert.Certificate;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds the pipeline of one client connection, one stage per job:
 * TLS → session (which cuts the bytes into length-capped lines and decodes them). Nothing encodes
 * on the way out: lines arrive as bytes from the event loop's {@link dev.parley.server.delivery.Outbox},
 * which also decides when to flush.
 */
public final class IrcChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final ServerContext ctx;
    private final ListenerServices services;
    private final LoopServices loops;
    private final Supplier<SslContext> tls;
    private volatile WriteBufferWaterMark waterMark;

    /** @param tls the TLS context for new connections, or null for a plaintext listener */
    public IrcChannelInitializer(ServerContext ctx, Dispatcher dispatcher, Departures departures, LoopServices loops,
                                 Supplier<SslContext> tls, Function<Certificate, String> fingerprinter) {
        this.ctx = ctx;
        this.services = new ListenerServices(ctx, dispatcher, departures, tls != null, fingerprinter);
        this.loops = loops;
        this.tls = tls;
    }

    /**
     * The send-queue limit as a write-buffer high-water mark, read per connection so that a
     * reloaded send_queue_bytes applies to every new client; one shared object while it stays.
     */
    private WriteBufferWaterMark waterMark() {
        int sendQueue = ctx.config().limits().sendQueueBytes();
        WriteBufferWaterMark current = waterMark;
        if (current == null || current.high() != sendQueue) {
            current = new WriteBufferWaterMark(sendQueue / 2, sendQueue);
            waterMark = current;
        }
        return current;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        // Refused (a banned address, a cap) before it costs a TLS handshake or a session. Over TLS
        // nothing can be said without a handshake, so the connection is just closed; plaintext
        // hears why from the session below.
        if (tls != null && Admission.refusal(ctx, channel.remoteAddress().getAddress(), false) != null) {
            channel.close();
            return;
        }
        channel.config().setWriteBufferWaterMark(waterMark());
        ChannelPipeline pipeline = channel.pipeline();
        if (tls != null) {
            pipeline.addLast("tls", tls.get().newHandler(channel.alloc()));
        }
        pipeline.addLast("session", new IrcSessionHandler(services, loops.outbox(channel.eventLoop()),
                loops.idleWatch(channel.eventLoop())));
    }
}
