package dev.parley.server.net;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.Numerics;
import dev.parley.server.command.ServerContext;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.delivery.LineEncoder;
import dev.parley.server.delivery.Outbox;
import dev.parley.server.limits.FloodGate;
import dev.parley.server.logging.ClientText;
import dev.parley.server.session.CommandOrder;
import dev.parley.server.session.RegistrationState;
import dev.parley.server.session.Session;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last pipeline stage: owns one {@link Session}, cuts what the client sends into lines (with
 * its {@link IrcLineDecoder}), feeds its commands to the dispatcher in order (holding them back
 * under flood control or while a login check runs), pings idle clients, and turns every kind of
 * bad input into the right reply. A {@link ByteToMessageDecoder} for the gathering of partial lines.
 */
public final class IrcSessionHandler extends ByteToMessageDecoder implements CommandOrder.Resumer {
    private static final Logger LOG = LoggerFactory.getLogger("parley.connections");
    /**
     * Longest a client waits for slow work (a password hash, a history commit) before it is
     * disconnected: far beyond any real wait (a full login queue drains in seconds), so only a
     * command whose work never finishes reaches it.
     */
    static final long SUSPENSION_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Lines one read may leave waiting before the client counts as flooding. */
    private static final int MAX_BACKLOG = 2000;

    private final ServerContext ctx;
    private final ListenerServices services;
    private final Outbox outbox;
    private final IdleWatch idleWatch;
    private Session session;
    /** Counted in the per-address table from connect to close, refused or not. */
    private InetAddress countedAddress;
    private FloodGate floodGate;
    /** Lines that wait (flood control, a login check); null while none do, which is nearly always. */
    private ArrayDeque<InboundLine> backlog;
    private boolean drainScheduled;
    /** Where this handler sits in its {@link IdleWatch}; -1 when not watched. */
    int watchIndex = -1;
    private long connectedNanos;
    /** The registration timeout has been checked (once is enough). */
    private boolean registrationChecked;
    private long lastReadNanos;
    private long pingSentNanos;
    /** The limits in force when it connected (ping interval and timeout, registration timeout). */
    private ParleyConfig.LimitsSection limits;
    /** Skipping the rest of an over-long line; see {@link IrcLineDecoder}. */
    private boolean discarding;

    IrcSessionHandler(ListenerServices services, Outbox outbox, IdleWatch idleWatch) {
        this.ctx = services.ctx();
        this.services = services;
        this.outbox = outbox;
        this.idleWatch = idleWatch;
    }

    @Override
    public void channelActive(ChannelHandlerContext chc) {
        InetSocketAddress remote = (InetSocketAddress) chc.channel().remoteAddress();
        limits = ctx.config().limits();
        boolean tls = services.tls();
        connectedNanos = System.nanoTime();
        lastReadNanos = connectedNanos;
        ctx.state().connectionOpened(remote.getAddress());
        countedAddress = remote.getAddress();
        LOG.info("{} connected{}", remote, tls ? " (TLS)" : "");
        String refusal = Admission.refusal(ctx, remote.getAddress(), true);
        if (refusal != null) {
            LOG.warn("{} refused: {}", remote, ClientText.forLog(refusal));
            chc.writeAndFlush(LineEncoder.encode(chc.alloc(), IrcMessage.of("ERROR", refusal)))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        session = new Session(chc.channel(), outbox, remote.getAddress(), ctx.state().host(remote.getAddress()),
                tls || remote.getAddress().isLoopbackAddress());
        session.commands().resumer(this);
        floodGate = new FloodGate(limits.messagesPerSecond(), limits.messageBurst(), connectedNanos);
        synchronized (ctx.state().lock()) {
            ctx.state().addSession(session);
        }
        if (idleWatch != null) {
            idleWatch.add(this);
        }
        chc.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext chc) throws Exception {
        if (session != null) {
            if (idleWatch != null) {
                idleWatch.remove(this);
            }
            synchronized (ctx.state().lock()) {
                services.departures().leave(session, "Connection closed", "Connection closed", "connection closed");
            }
        }
        if (countedAddress != null) {
            ctx.state().connectionClosed(countedAddress);
        }
        backlog = null;
        super.channelInactive(chc);
    }

    @Override
    protected void decode(ChannelHandlerContext chc, ByteBuf in, List<Object> out) {
        if (session == null) {
            in.skipBytes(in.readableBytes()); // refused at connect; its lines are not read
            return;
        }
        heardFrom();
        discarding = IrcLineDecoder.decode(in, discarding, this::lineRead);
    }

    /**
     * Bytes go to {@link #decode}; a transport that frames lines itself (WebSocket: one line a
     * message) hands over each line already decoded, and it takes the same way from there.
     */
    @Override
    public void channelRead(ChannelHandlerContext chc, Object msg) throws Exception {
        if (msg instanceof InboundLine line) {
            if (session != null) {
                heardFrom();
                lineRead(line);
            }
            return;
        }
        super.channelRead(chc, msg);
    }

    private void heardFrom() {
        lastReadNanos = System.nanoTime();
        pingSentNanos = 0;
    }

    private void lineRead(InboundLine line) {
        // Handled at once when nothing waits: whatever it answers is appended to the outbox behind
        // everything the server sent this client before, so replies never overtake earlier messages.
        if (backlog == null) {
            if (tryHandle(line)) {
                return;
            }
            backlog = new ArrayDeque<>(4);
            backlog.add(line);
            session.channel().config().setAutoRead(false);
            return;
        }
        backlog.add(line);
        if (backlog.size() > MAX_BACKLOG) {
            synchronized (ctx.state().lock()) {
                services.departures().drop(session, "Excess Flood");
            }
            backlog = null;
            return;
        }
        drain();
    }

    /** Handles waiting lines in order while the flood gate and any pending login check allow. */
    private void drain() {
        while (backlog != null && !backlog.isEmpty() && session.channel().isActive()) {
            if (!tryHandle(backlog.peek())) {
                return; // reading stays off until a scheduled drain or the login check's resume
            }
            backlog.poll();
        }
        backlog = null;
        session.channel().config().setAutoRead(true);
    }

    /** Handles {@code line} unless it must wait; false when it must (a drain is then arranged). */
    private boolean tryHandle(InboundLine line) {
        synchronized (ctx.state().lock()) {
            if (session.state() == RegistrationState.CLOSING) {
                return true; // read after the session began to close: it changes nothing
            }
            if (session.commands().suspended()) {
                return false;
            }
            if (session.commands().holdingReceipts()
                    && (!handledBehindReceipts(line) || session.commands().holdingTooMuch())) {
                return false; // until the echoes it waits behind are out (later() drains)
            }
            if (countsAgainstFlood(line)) {
                long wait = floodGate.take(System.nanoTime());
                if (wait > 0) {
                    scheduleDrain(wait);
                    return false;
                }
            }
            handle(line);
            return true;
        }
    }

    /**
     * Whether {@code line} may be handled while the client's echoes wait for history: an
     * unlabeled message, whose own replies queue behind them ({@code Receipts}). Anything else
     * waits until they are out, so that, say, a PART is not answered before the echo of the
     * message said just before it.
     */
    private static boolean handledBehindReceipts(InboundLine line) {
        if (!(line instanceof InboundLine.Message m)) {
            return false;
        }
        String command = m.message().command();
        return ("PRIVMSG".equals(command) || "NOTICE".equals(command) || "TAGMSG".equals(command))
                && !m.message().tags().containsKey("label");
    }

    private static boolean countsAgainstFlood(InboundLine line) {
        return !(line instanceof InboundLine.Message m && "PONG".equals(m.message().command()));
    }

    private void scheduleDrain(long nanos) {
        if (!drainScheduled) {
            drainScheduled = true;
            ctx.metrics().floodThrottled();
            session.channel().eventLoop().schedule(() -> {
                drainScheduled = false;
                drain();
            }, nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void later(Runnable underLock) {
        session.channel().eventLoop().execute(() -> {
            synchronized (ctx.state().lock()) {
                underLock.run();
            }
            if (backlog != null && !session.commands().holdingReceipts()) {
                drain();
            }
        });
    }

    @Override
    public void resume(Runnable underLock) {
        session.channel().eventLoop().execute(() -> {
            synchronized (ctx.state().lock()) {
                session.commands().unsuspend();
                services.dispatcher().resumed(session, underLock);
            }
            drain();
        });
    }

    private void handle(InboundLine line) {
        if (line instanceof InboundLine.Message m) {
            services.dispatcher().dispatch(session, m.message());
        } else if (line instanceof InboundLine.TooLong) {
            ctx.reply(session, Numerics.ERR_INPUTTOOLONG, "Input line was too long");
        } else if (line instanceof InboundLine.InvalidUtf8 bad) {
            ctx.standardReply(session, "FAIL", bad.command(), "INVALID_UTF8",
                    "Message rejected: this server accepts only UTF-8 text");
        } else if (line instanceof InboundLine.Malformed bad) {
            ctx.standardReply(session, "FAIL", "*", "INVALID_MESSAGE", "Malformed line: " + bad.reason());
        }
    }

    /**
     * Called about once a second by the loop's {@link IdleWatch}: a client that has not
     * registered in time is dropped; one silent for a ping interval is PINGed, and dropped when
     * it is still silent a ping timeout later.
     */
    void checkIdle(long now) {
        // Suspension and echoes waiting are set and cleared on this loop: read here without the lock.
        if (session.commands().waitedLongerThan(SUSPENSION_LIMIT_NANOS, now)) {
            LOG.warn("{} waited more than {} s for the server to finish a command; disconnected", session,
                    TimeUnit.NANOSECONDS.toSeconds(SUSPENSION_LIMIT_NANOS));
            synchronized (ctx.state().lock()) {
                services.departures().drop(session, "The server took too long to answer");
            }
            return;
        }
        if (!registrationChecked && now - connectedNanos > TimeUnit.SECONDS.toNanos(limits.registrationTimeoutSeconds())) {
            registrationChecked = true;
            synchronized (ctx.state().lock()) {
                if (!session.registered()) {
                    services.departures().drop(session, "Registration timed out");
                    return;
                }
            }
        }
        if (pingSentNanos == 0) {
            if (now - lastReadNanos >= TimeUnit.SECONDS.toNanos(limits.pingIntervalSeconds())) {
                pingSentNanos = now;
                synchronized (ctx.state().lock()) {
                    session.write(IrcMessage.of("PING", ctx.serverName()));
                }
            }
        } else if (now - pingSentNanos >= TimeUnit.SECONDS.toNanos(limits.pingTimeoutSeconds())) {
            synchronized (ctx.state().lock()) {
                services.departures().drop(session, "Ping timeout: " + limits.pingTimeoutSeconds() + " seconds");
            }
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext chc, Object evt) {
        if (session != null && evt instanceof SslHandshakeCompletionEvent done) {
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
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length == 0 ? Optional.empty() : Optional.of(services.fingerprinter().apply(chain[0]));
        } catch (SSLPeerUnverifiedException noCertificate) {
            return Optional.empty();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext chc) {
        // The write buffer's high-water mark is the send queue limit: a client that reads slower
        // than it is sent to is dropped instead of growing the server's memory.
        if (!chc.channel().isWritable() && session != null) {
            synchronized (ctx.state().lock()) {
                if (session.state() != RegistrationState.CLOSING) {
                    ctx.metrics().sendQueueDropped();
                }
                services.departures().drop(session, "SendQ exceeded");
            }
        }
        chc.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext chc, Throwable cause) {
        if (cause instanceof IOException || cause instanceof DecoderException) {
            LOG.debug("{} closed on error: {}", chc.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("{} closed on unexpected error", chc.channel().remoteAddress(), cause);
        }
        chc.close();
    }
}
