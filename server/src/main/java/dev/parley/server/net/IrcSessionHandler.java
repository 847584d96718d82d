package dev.parley.server.net;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.Numerics;
import dev.parley.server.ServerContext;
import dev.parley.server.command.Departures;
import dev.parley.server.command.Dispatcher;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.limits.FloodGate;
import dev.parley.server.session.Session;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last pipeline stage: owns one {@link Session}, feeds its commands to the dispatcher in order
 * (holding them back under flood control or while a login check runs), pings idle clients, and
 * turns every kind of bad input into the right reply.
 */
public final class IrcSessionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger("parley.connections");
    /** Lines one read may leave waiting before the client counts as flooding. */
    private static final int MAX_BACKLOG = 2000;

    private final ServerContext ctx;
    private final Dispatcher dispatcher;
    private final Departures departures;
    private final boolean tls;
    private final Function<java.security.cert.Certificate, String> fingerprinter;
    private final Deque<InboundLine> backlog = new ArrayDeque<>();
    private Session session;
    /** Counted in the per-address table from connect to close, refused or not. */
    private java.net.InetAddress countedAddress;
    private FloodGate floodGate;
    private boolean drainScheduled;
    private boolean drainQueued;
    private long lastReadNanos = System.nanoTime();
    private long pingSentNanos;

    public IrcSessionHandler(ServerContext ctx, Dispatcher dispatcher, Departures departures, boolean tls,
                             Function<java.security.cert.Certificate, String> fingerprinter) {
        this.ctx = ctx;
        this.dispatcher = dispatcher;
        this.departures = departures;
        this.tls = tls;
        this.fingerprinter = fingerprinter;
    }

    @Override
    public void channelActive(ChannelHandlerContext chc) {
        InetSocketAddress remote = (InetSocketAddress) chc.channel().remoteAddress();
        ParleyConfig.LimitsSection limits = ctx.config().limits();
        session = new Session(chc.channel(), remote.getAddress(), tls || remote.getAddress().isLoopbackAddress());
        session.resumer(this::resume);
        floodGate = new FloodGate(limits.messagesPerSecond(), limits.messageBurst(), System.nanoTime());
        int count = ctx.state().connectionOpened(remote.getAddress());
        countedAddress = remote.getAddress();
        LOG.info("{} connected{}", remote, tls ? " (TLS)" : "");
        // Loopback is exempt: it is the machine itself (bouncers, bots, tests).
        if (count > limits.maxConnectionsPerIp() && !remote.getAddress().isLoopbackAddress()) {
            LOG.warn("{} refused: too many connections from that address", remote);
            session = null;
            chc.writeAndFlush(IrcMessage.of("ERROR", "Too many connections from your address"))
                    .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
            return;
        }
        synchronized (ctx.state().lock()) {
            ctx.state().addSession(session);
        }
        chc.executor().schedule(this::registrationTimeout, limits.registrationTimeoutSeconds(), TimeUnit.SECONDS);
        chc.fireChannelActive();
    }

    private void registrationTimeout() {
        synchronized (ctx.state().lock()) {
            if (!session.registered()) {
                departures.drop(session, "Registration timed out");
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext chc) {
        if (session != null) {
            synchronized (ctx.state().lock()) {
                departures.leave(session, "Connection closed", "Connection closed", "connection closed");
            }
        }
        if (countedAddress != null) {
            ctx.state().connectionClosed(countedAddress);
        }
        backlog.clear();
        chc.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext chc, Object msg) {
        if (session == null) {
            return; // refused at connect; its lines are not read
        }
        lastReadNanos = System.nanoTime();
        pingSentNanos = 0;
        backlog.add((InboundLine) msg);
        if (backlog.size() > MAX_BACKLOG) {
            synchronized (ctx.state().lock()) {
                departures.drop(session, "Excess Flood");
            }
            backlog.clear();
            return;
        }
        queueDrain();
    }

    /**
     * Handles the lines just read as a task behind those already queued on this event loop. Messages
     * other clients' commands sent to this one are queued there as tasks too, and the loop runs
     * reads before tasks: handling a read at once could answer a PING before delivering a message
     * that was sent earlier. Going through the queue keeps every client's view in causal order.
     */
    private void queueDrain() {
        if (!drainQueued) {
            drainQueued = true;
            session.channel().eventLoop().execute(() -> {
                drainQueued = false;
                drain();
            });
        }
    }

    /** Handles waiting lines in order while the flood gate and any pending login check allow. */
    private void drain() {
        while (!backlog.isEmpty() && session.channel().isActive()) {
            InboundLine line = backlog.peek();
            synchronized (ctx.state().lock()) {
                if (session.suspended()) {
                    break;
                }
                if (countsAgainstFlood(line)) {
                    long wait = floodGate.take(System.nanoTime());
                    if (wait > 0) {
                        scheduleDrain(wait);
                        break;
                    }
                }
                backlog.poll();
                handle(line);
            }
        }
        session.channel().config().setAutoRead(backlog.isEmpty());
    }

    private static boolean countsAgainstFlood(InboundLine line) {
        return !(line instanceof InboundLine.Message m && "PONG".equals(m.message().command()));
    }

    private void scheduleDrain(long nanos) {
        session.channel().config().setAutoRead(false);
        if (!drainScheduled) {
            drainScheduled = true;
            session.channel().eventLoop().schedule(() -> {
                drainScheduled = false;
                drain();
            }, nanos, TimeUnit.NANOSECONDS);
        }
    }

    private void resume(Runnable underLock) {
        session.channel().eventLoop().execute(() -> {
            synchronized (ctx.state().lock()) {
                session.unsuspend();
                underLock.run();
            }
            drain();
        });
    }

    private void handle(InboundLine line) {
        if (line instanceof InboundLine.Message m) {
            dispatcher.dispatch(session, m.message());
        } else if (line instanceof InboundLine.TooLong) {
            ctx.reply(session, Numerics.ERR_INPUTTOOLONG, "Input line was too long");
        } else if (line instanceof InboundLine.InvalidUtf8 bad) {
            ctx.standardReply(session, "FAIL", bad.command(), "INVALID_UTF8",
                    "Message rejected: this server accepts only UTF-8 text");
        } else if (line instanceof InboundLine.Malformed bad) {
            ctx.standardReply(session, "FAIL", "*", "INVALID_MESSAGE", "Malformed line: " + bad.reason());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext chc, Object evt) {
        if (session == null) {
            return;
        }
        if (evt instanceof IdleStateEvent) {
            onIdle();
        } else if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                clientCertificate(chc).ifPresent(session::certificateFingerprint);
            } else {
                LOG.info("{} TLS handshake failed: {}", chc.channel().remoteAddress(), done.cause().getMessage());
                chc.close();
            }
        }
        chc.fireUserEventTriggered(evt);
    }

    private Optional<String> clientCertificate(ChannelHandlerContext chc) {
        SslHandler ssl = chc.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return Optional.empty();
        }
        try {
            java.security.cert.Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length == 0 ? Optional.empty() : Optional.of(fingerprinter.apply(chain[0]));
        } catch (SSLPeerUnverifiedException noCertificate) {
            return Optional.empty();
        }
    }

    /** Idle for a ping interval: PING it; still silent a timeout later: drop it. */
    private void onIdle() {
        ParleyConfig.LimitsSection limits = ctx.config().limits();
        long now = System.nanoTime();
        synchronized (ctx.state().lock()) {
            if (pingSentNanos == 0) {
                pingSentNanos = now;
                session.write(IrcMessage.of("PING", ctx.serverName()));
                session.channel().eventLoop().schedule(this::checkPingTimeout,
                        limits.pingTimeoutSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    private void checkPingTimeout() {
        if (pingSentNanos != 0 && lastReadNanos < pingSentNanos) {
            synchronized (ctx.state().lock()) {
                departures.drop(session, "Ping timeout: " + ctx.config().limits().pingTimeoutSeconds() + " seconds");
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext chc) {
        // The write buffer's high-water mark is the send queue limit: a client that reads slower
        // than it is sent to is dropped instead of growing the server's memory.
        if (!chc.channel().isWritable() && session != null) {
            synchronized (ctx.state().lock()) {
                departures.drop(session, "SendQ exceeded");
            }
        }
        chc.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext chc, Throwable cause) {
        if (cause instanceof TooLongFrameException && session != null) {
            // The frame decoder has skipped the over-long line; the connection goes on.
            backlog.add(new InboundLine.TooLong());
            queueDrain();
            return;
        }
        if (cause instanceof IOException || cause instanceof DecoderException) {
            LOG.debug("{} closed on error: {}", chc.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("{} closed on unexpected error", chc.channel().remoteAddress(), cause);
        }
        chc.close();
    }
}
