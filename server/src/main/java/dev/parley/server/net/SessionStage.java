package dev.parley.server.net;

import dev.parley.server.command.Departures;
import dev.parley.server.command.Dispatcher;
import dev.parley.server.command.ServerContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.WriteBufferWaterMark;
import java.security.cert.Certificate;
import java.util.function.Function;

/**
 * The stage every client connection ends in, whatever carries its lines (a TCP socket, or a
 * WebSocket whose frames are turned into lines): one {@link IrcSessionHandler} per connection,
 * so that sessions, commands, flood control and limits have one implementation. A transport
 * hands it bytes of CR LF lines or {@link InboundLine}s, and gets back bytes of CR LF lines.
 */
public final class SessionStage {
    private final ServerContext ctx;
    private final ListenerServices services;
    private final LoopServices loops;
    private volatile WriteBufferWaterMark waterMark;

    /**
     * @param tls           whether the listener's connections are TLS
     * @param fingerprinter the SHA-256 fingerprint of a client certificate, for SASL EXTERNAL
     */
    public SessionStage(ServerContext ctx, Dispatcher dispatcher, Departures departures, LoopServices loops,
                        boolean tls, Function<Certificate, String> fingerprinter) {
        this.ctx = ctx;
        this.services = new ListenerServices(ctx, dispatcher, departures, tls, fingerprinter);
        this.loops = loops;
    }

    /**
     * Whether a new connection is refused ({@link Admission}: a banned address, a connection cap):
     * asked before it costs a TLS handshake or a session, where it can simply be closed.
     */
    public boolean refusedEarly(Channel channel) {
        return Admission.refusal(ctx, ((java.net.InetSocketAddress) channel.remoteAddress()).getAddress(), false) != null;
    }

    /**
     * The session handler for {@code channel}, which it is to end the pipeline of; sets the
     * channel's send-queue limit too.
     */
    public ChannelHandler newHandler(Channel channel) {
        channel.config().setWriteBufferWaterMark(waterMark());
        return new IrcSessionHandler(services, loops.outbox(channel.eventLoop()), loops.idleWatch(channel.eventLoop()));
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
}
