package dev.parley.server;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.Isupport;
import dev.parley.server.account.AccountServices;
import dev.parley.server.account.AuthFailure;
import dev.parley.server.account.sasl.SaslMechanisms;
import dev.parley.server.command.AccountRegistrationCommands;
import dev.parley.server.command.BanCommands;
import dev.parley.server.command.CapCommands;
import dev.parley.server.command.ChathistoryCommands;
import dev.parley.server.command.ChghostCommands;
import dev.parley.server.command.CommandTable;
import dev.parley.server.command.Departures;
import dev.parley.server.command.Dispatcher;
import dev.parley.server.command.IsupportCommands;
import dev.parley.server.command.MessageCommands;
import dev.parley.server.command.ModeCommands;
import dev.parley.server.command.MonitorCommands;
import dev.parley.server.command.MultilineCommands;
import dev.parley.server.command.OperCommands;
import dev.parley.server.command.QueryCommands;
import dev.parley.server.command.ReadMarkers;
import dev.parley.server.command.RedactCommands;
import dev.parley.server.command.RenameCommands;
import dev.parley.server.command.Registration;
import dev.parley.server.command.RegistrationCommands;
import dev.parley.server.command.RoomCommands;
import dev.parley.server.command.ServerContext;
import dev.parley.server.command.SaslCommands;
import dev.parley.server.command.SearchCommands;
import dev.parley.server.command.ServerBanEnforcement;
import dev.parley.server.command.UserCommands;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.history.History;
import dev.parley.server.history.ReadMarkerStore;
import dev.parley.server.limits.RegistrationLimiter;
import dev.parley.server.metrics.MetricsChannelInitializer;
import dev.parley.server.moderation.ServerBans;
import dev.parley.server.net.IrcChannelInitializer;
import dev.parley.server.net.LoopServices;
import dev.parley.server.net.SessionStage;
import dev.parley.server.net.Transport;
import dev.parley.server.net.tls.Fingerprint;
import dev.parley.server.net.tls.ServerTlsContext;
import dev.parley.server.net.tls.TlsConfigException;
import dev.parley.server.net.tls.acme.AcmeCertificates;
import dev.parley.server.session.Capability;
import dev.parley.server.session.HostCloak;
import dev.parley.server.session.Session;
import dev.parley.server.web.StaticFiles;
import dev.parley.server.web.WebChannelInitializer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Parley server: its listeners, its event loops and its state. {@link #start} binds every
 * configured listener; {@link #reload} applies a new configuration live; {@link #close} tells every
 * client and stops.
 */
public final class ParleyServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ParleyServer.class);

    private final ServerContext ctx;
    private final EventLoopGroup group;
    private final List<Channel> listeners = new ArrayList<>();
    private Channel webListener;
    private Channel metricsListener;
    private final Departures departures;
    private final CapCommands caps;
    private final ServerTlsContext tls;
    private final AccountServices accounts;
    private final SaslCommands sasl;
    private final History history;
    private final ReadMarkerStore markerStore;
    /** Obtains and renews the certificate when {@code [tls.acme]} is set; null otherwise. */
    private AcmeCertificates acme;
    private final ServerBans bans;
    private final IsupportCommands isupport;

    private ParleyServer(ParleyConfig config, StaticFiles staticFiles, Clock banClock) throws Exception {
        this.ctx = new ServerContext(config);
        this.departures = new Departures(ctx);
        boolean needsTls = config.listen().stream().anyMatch(ParleyConfig.ListenSection::tls)
                || config.tls().acme().isPresent()
                || (config.web().enabled() && config.web().tls());
        this.tls = needsTls
                ? ServerTlsContext.create(config.tls(), config.storage().dataDir(), config.server().name()) : null;

        this.accounts = AccountServices.open(config);
        if (config.server().cloakHosts()) {
            // The key is made once and kept in the database, so cloaks (and bans on them) survive restarts.
            ctx.state().hostNames(new HostCloak(accounts.store().serverSecret("host-cloak")));
        }
        this.bans = ServerBans.open(accounts.database(), ctx.matcher(), banClock);
        ctx.bans(bans);
        this.history = History.open(accounts.database(), config.history());
        ctx.history(history);
        this.markerStore = new ReadMarkerStore(accounts.database());
        ReadMarkers readMarkers = new ReadMarkers(ctx, markerStore);
        ctx.readMarkers(readMarkers);

        CommandTable table = new CommandTable();
        isupport = new IsupportCommands(ctx);
        isupport.register(table);
        QueryCommands queries = new QueryCommands(ctx, isupport);
        RoomCommands rooms = new RoomCommands(ctx);
        Registration registration = new Registration(ctx, departures, queries, rooms, accounts::verifyServerPassword);
        caps = new CapCommands(ctx, registration, this::offeredCapabilities);
        caps.register(table);
        registration.reservation((session, nick) -> ctx.config().auth().reserveAccountNicks()
                && accounts.nickReservedAgainst(nick, session.account()));
        sasl = new SaslCommands(ctx, new SaslMechanisms(accounts.authenticator(), config.auth().scram()));
        sasl.register(table);
        new AccountRegistrationCommands(ctx, accounts,
                new RegistrationLimiter(3, java.time.Duration.ofHours(1), java.time.Clock.systemUTC())).register(table);
        new RegistrationCommands(ctx, registration, departures).register(table);
        queries.register(table);
        rooms.register(table);
        MessageCommands messages = new MessageCommands(ctx, accounts::findMember);
        messages.register(table);
        new MultilineCommands(ctx, messages).register(table);
        new ChathistoryCommands(ctx).register(table);
        readMarkers.register(table);
        new RedactCommands(ctx).register(table);
        new SearchCommands(ctx).register(table);
        new RenameCommands(ctx, rooms).register(table);
        new UserCommands(ctx).register(table);
        new MonitorCommands(ctx, ctx.state().monitors()).register(table);
        new ModeCommands(ctx).register(table);
        new OperCommands(ctx, departures, this::checkOperator).register(table);
        new BanCommands(ctx).register(table);
        new ChghostCommands(ctx).register(table);
        Dispatcher dispatcher = new Dispatcher(ctx, table);

        this.group = Transport.newEventLoopGroup();
        ServerBanEnforcement enforcement = new ServerBanEnforcement(ctx, () -> group);
        bans.whenBansAppear(enforcement::sweep);
        LoopServices loops = new LoopServices(group, ctx.metrics());
        Function<Certificate, String> fingerprinter = cert -> Fingerprint.of((X509Certificate) cert).toString();
        try {
            for (ParleyConfig.ListenSection listen : config.listen()) {
                SessionStage sessions = new SessionStage(ctx, dispatcher, departures, loops, listen.tls(), fingerprinter);
                Channel channel = bind(listen.host(), listen.port(),
                        new IrcChannelInitializer(sessions, listen.tls() ? tls::newHandler : null));
                listeners.add(channel);
                LOG.info("Listening on {}:{}{}", listen.host(), ((InetSocketAddress) channel.localAddress()).getPort(),
                        listen.tls() ? " (TLS by " + tlsEngineName() + ")" : " (plaintext)");
            }
            if (config.tls().acme().isPresent()) {
                acme = AcmeCertificates.start(config.tls().acme().get(), config.storage().dataDir(), tls, group);
            }
            ParleyConfig.WebSection web = config.web();
            if (web.enabled()) {
                SessionStage sessions = new SessionStage(ctx, dispatcher, departures, loops, web.tls(), fingerprinter);
                webListener = bind(web.host(), web.port(), new WebChannelInitializer(ctx, sessions, staticFiles,
                        web.tls() ? tls::newWebHandler : null, () -> !tls.isSelfSigned()));
                LOG.info("Web client and IRC over WebSocket on {}://{}:{}/ (socket at /socket){}",
                        web.tls() ? "https" : "http", web.host(), ((InetSocketAddress) webListener.localAddress()).getPort(),
                        staticFiles.bundled() ? "" : "; this build has no web client");
            }
            ParleyConfig.MetricsSection metrics = config.metrics();
            if (metrics.enabled()) {
                metricsListener = bind(metrics.host(), metrics.port(),
                        new MetricsChannelInitializer(ctx.metrics(), accounts::acceptsLogins));
                LOG.info("Metrics on http://{}:{}/metrics, health on /healthz", metrics.host(),
                        ((InetSocketAddress) metricsListener.localAddress()).getPort());
            }
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    private Channel bind(String host, int port, ChannelInitializer<SocketChannel> connections)
            throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(Transport.serverChannelType())
                // As deep an accept queue as the system allows: when thousands reconnect at
                // once (a restart, a network coming back), a full queue drops connection
                // attempts, and each waits a second or more to try again.
                .option(ChannelOption.SO_BACKLOG, NetUtil.SOMAXCONN)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // One sizing policy for all (each connection still gets its own handle);
                // Netty would otherwise make one per connection.
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator())
                .childHandler(connections);
        return bootstrap.bind(host, port).sync().channel();
    }

    /** Binds every listener in {@code config} and starts serving. */
    public static ParleyServer start(ParleyConfig config) throws Exception {
        return new ParleyServer(config, config.web().enabled() ? StaticFiles.fromClassPath() : null, Clock.systemUTC());
    }

    /** As {@link #start(ParleyConfig)}, with the clock server bans expire by (tests move it on). */
    public static ParleyServer start(ParleyConfig config, Clock banClock) throws Exception {
        return new ParleyServer(config, config.web().enabled() ? StaticFiles.fromClassPath() : null, banClock);
    }

    /** As {@link #start(ParleyConfig)}, the web listener serving {@code staticFiles} (tests bring their own). */
    static ParleyServer start(ParleyConfig config, StaticFiles staticFiles) throws Exception {
        return new ParleyServer(config, staticFiles, Clock.systemUTC());
    }

    /** Where the web listener is bound, when there is one. */
    public Optional<InetSocketAddress> webAddress() {
        return Optional.ofNullable(webListener).map(c -> (InetSocketAddress) c.localAddress());
    }

    /** Where the metrics listener is bound, when there is one. */
    public Optional<InetSocketAddress> metricsAddress() {
        return Optional.ofNullable(metricsListener).map(c -> (InetSocketAddress) c.localAddress());
    }

    /** The addresses actually bound, in the order of the configuration (port 0 resolved). */
    public List<InetSocketAddress> boundAddresses() {
        return listeners.stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
    }

    /** The SHA-256 fingerprint of the TLS certificate, when a TLS listener exists. */
    public Optional<String> certificateFingerprint() {
        return tls == null ? Optional.empty() : Optional.of(tls.fingerprint().toString());
    }

    public History history() {
        return history;
    }

    public AccountServices accounts() {
        return accounts;
    }

    public ServerContext context() {
        return ctx;
    }

    /** Applies a re-read configuration: accounts, operators, limits, rooms, MOTD, certificates. */
    public void reload(ParleyConfig newConfig) {
        if (!newConfig.tls().acme().equals(ctx.config().tls().acme())) {
            // The ACME client and its HTTP-01 port are set up once, like the listeners.
            LOG.warn("[tls.acme] changed: the change takes effect at the next start");
        }
        accounts.apply(newConfig);
        history.reconfigure(newConfig.history());
        synchronized (ctx.state().lock()) {
            Map<Capability, String> before = offeredCapabilities();
            Isupport tokensBefore = ctx.isupport();
            ctx.config(newConfig);
            caps.notifyChange(before, offeredCapabilities());
            isupport.notifyChange(tokensBefore, ctx.isupport());
        }
        if (tls != null) {
            try {
                Fingerprint fingerprint = tls.reload(newConfig.tls(), newConfig.storage().dataDir(),
                        newConfig.server().name());
                LOG.info("TLS certificate SHA-256 fingerprint: {}", fingerprint);
            } catch (TlsConfigException e) {
                LOG.error("TLS certificate not reloaded, keeping the current one: {}", e.getMessage());
            }
        }
        LOG.info("Configuration reloaded");
    }

    private Map<Capability, String> offeredCapabilities() {
        Map<Capability, String> offered = new EnumMap<>(Capability.class);
        for (Capability cap : Capability.values()) {
            if (cap == Capability.SASL) {
                offered.put(cap, sasl.capabilityValue());
            } else if (cap == Capability.CHATHISTORY || cap == Capability.EVENT_PLAYBACK
                    || cap == Capability.MESSAGE_REDACTION || cap == Capability.SEARCH) {
                if (history.enabled()) {
                    offered.put(cap, null);
                }
            } else if (cap == Capability.MULTILINE) {
                offered.put(cap, MultilineCommands.capabilityValue());
            } else if (cap == Capability.ACCOUNT_REGISTRATION) {
                if (ctx.config().auth().selfRegistration()) {
                    offered.put(cap, AccountRegistrationCommands.capabilityValue());
                }
            } else {
                offered.put(cap, null);
            }
        }
        return new LinkedHashMap<>(offered);
    }

    private void checkOperator(Session session, String name, String password,
                               java.util.function.Consumer<OperCommands.Verdict> result) {
        if (!session.secure() && !session.address().isLoopbackAddress()) {
            accounts.refuseOperator(name, session.address(), AuthFailure.NEEDS_TLS);
            result.accept(OperCommands.Verdict.NEEDS_TLS);
            return;
        }
        session.commands().suspend();
        accounts.verifyOperator(name, password, session.address()).whenComplete((ok, error) -> session.commands().resume(() ->
                result.accept(error == null && ok ? OperCommands.Verdict.GRANTED : OperCommands.Verdict.REFUSED)));
    }

    private static String tlsEngineName() {
        return ServerTlsContext.provider() == SslProvider.OPENSSL ? "BoringSSL" : "the JDK";
    }

    /** Tells every client the server is going, closes the listeners and the connections, and stops. */
    @Override
    public void close() {
        List<Channel> all = new ArrayList<>(listeners);
        if (webListener != null) {
            all.add(webListener);
        }
        if (metricsListener != null) {
            all.add(metricsListener);
        }
        for (Channel listener : all) {
            listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        List<Session> sessions;
        synchronized (ctx.state().lock()) {
            sessions = List.copyOf(ctx.state().sessions());
            for (Session session : sessions) {
                session.write(IrcMessage.from(ctx.serverName(), "NOTICE", session.nickOrStar(),
                        "Server is shutting down"));
                departures.shutDown(session);
            }
        }
        if (!sessions.isEmpty()) {
            LOG.info("Shutting down; connections told and closed: {}", sessions.size());
        }
        // Each connection closes once its final ERROR is written; give them that, within bounds.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (Session session : sessions) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                session.channel().closeFuture().awaitUninterruptibly(left, TimeUnit.NANOSECONDS);
            }
        }
        if (acme != null) {
            acme.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(4, TimeUnit.SECONDS);
        if (history != null) {
            history.close(); // writes what is still queued, before the database closes
        }
        if (markerStore != null) {
            markerStore.close();
        }
        if (bans != null) {
            bans.close(); // records what is still queued for the audit log, before the database closes
        }
        if (accounts != null) {
            accounts.close();
        }
    }
}
