package dev.parley.server.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The whole server configuration, as read from a TOML file (or built from defaults).
 * Each section is one record; its defaults and validation live with it.
 *
 * @param source the file it was read from, empty when built from defaults and flags
 */
public record ParleyConfig(
        ServerSection server,
        List<ListenSection> listen,
        StorageSection storage,
        RoomsSection rooms,
        AuthSection auth,
        TlsSection tls,
        LimitsSection limits,
        HistorySection history,
        LogSection log,
        List<CredentialSection> accounts,
        List<CredentialSection> operators,
        Optional<Path> source,
        WebSection web,
        MetricsSection metrics) {

    public ParleyConfig {
        listen = List.copyOf(listen);
        accounts = List.copyOf(accounts);
        operators = List.copyOf(operators);
    }

    /** A configuration that logs as text and has no web or metrics listener (as without their sections). */
    public ParleyConfig(ServerSection server, List<ListenSection> listen, StorageSection storage, RoomsSection rooms,
                        AuthSection auth, TlsSection tls, LimitsSection limits, HistorySection history,
                        List<CredentialSection> accounts, List<CredentialSection> operators, Optional<Path> source) {
        this(server, listen, storage, rooms, auth, tls, limits, history, LogSection.defaults(), accounts, operators,
                source, WebSection.defaults(), MetricsSection.defaults());
    }

    /** The configuration of {@code parley server} with no file and no flags. */
    public static ParleyConfig defaults() {
        return new ParleyConfig(
                ServerSection.defaults(),
                List.of(ListenSection.defaults()),
                StorageSection.defaults(),
                RoomsSection.defaults(),
                AuthSection.defaults(),
                TlsSection.defaults(),
                LimitsSection.defaults(),
                HistorySection.defaults(),
                List.of(),
                List.of(),
                Optional.empty());
    }

    public ParleyConfig withListen(List<ListenSection> newListen) {
        return new ParleyConfig(server, newListen, storage, rooms, auth, tls, limits, history, log, accounts,
                operators, source, web, metrics);
    }

    public ParleyConfig withStorage(StorageSection newStorage) {
        return new ParleyConfig(server, listen, newStorage, rooms, auth, tls, limits, history, log, accounts,
                operators, source, web, metrics);
    }

    public ParleyConfig withAuth(AuthSection newAuth) {
        return new ParleyConfig(server, listen, storage, rooms, newAuth, tls, limits, history, log, accounts,
                operators, source, web, metrics);
    }

    public ParleyConfig withTls(TlsSection newTls) {
        return new ParleyConfig(server, listen, storage, rooms, auth, newTls, limits, history, log, accounts,
                operators, source, web, metrics);
    }

    public ParleyConfig withHistory(HistorySection newHistory) {
        return new ParleyConfig(server, listen, storage, rooms, auth, tls, limits, newHistory, log, accounts,
                operators, source, web, metrics);
    }

    public ParleyConfig withLimits(LimitsSection newLimits) {
        return new ParleyConfig(server, listen, storage, rooms, auth, tls, newLimits, history, log, accounts,
                operators, source, web, metrics);
    }

    public ParleyConfig withOperators(List<CredentialSection> newOperators) {
        return new ParleyConfig(server, listen, storage, rooms, auth, tls, limits, history, log, accounts,
                newOperators, source, web, metrics);
    }

    public ParleyConfig withWeb(WebSection newWeb) {
        return new ParleyConfig(server, listen, storage, rooms, auth, tls, limits, history, log, accounts,
                operators, source, newWeb, metrics);
    }

    public ParleyConfig withMetrics(MetricsSection newMetrics) {
        return new ParleyConfig(server, listen, storage, rooms, auth, tls, limits, history, log, accounts,
                operators, source, web, newMetrics);
    }

    public ParleyConfig withRooms(RoomsSection newRooms) {
        return new ParleyConfig(server, listen, storage, newRooms, auth, tls, limits, history, log, accounts,
                operators, source, web, metrics);
    }

    /**
     * {@code [server]}: who this server says it is.
     *
     * @param cloakHosts whether other users see a keyed hash instead of a client's address
     */
    public record ServerSection(String name, String network, String description, List<String> motd,
                                boolean cloakHosts) {
        public ServerSection {
            motd = List.copyOf(motd);
        }

        /** With hosts cloaked, the default. */
        public ServerSection(String name, String network, String description, List<String> motd) {
            this(name, network, description, motd, true);
        }

        public static ServerSection defaults() {
            return new ServerSection("parley.local", "Parley", "Parley chat server",
                    List.of("Welcome to Parley.", "Type QUIT to leave."));
        }
    }

    /** {@code [[listen]]}: one listening socket. TLS unless it says {@code tls = false}. */
    public record ListenSection(String host, int port, boolean tls) {
        public static ListenSection defaults() {
            return new ListenSection("0.0.0.0", 6697, true);
        }
    }

    /**
     * {@code [web]}: the HTTPS listener that serves the browser client and IRC over WebSocket.
     * Off unless the section is there.
     *
     * @param tls            false only behind a reverse proxy that terminates TLS itself
     * @param allowedOrigins origins (scheme://host[:port]) whose pages may open the WebSocket,
     *                       besides the server's own
     */
    public record WebSection(boolean enabled, String host, int port, boolean tls, List<String> allowedOrigins) {
        public static final int DEFAULT_PORT = 8443;

        public WebSection {
            allowedOrigins = List.copyOf(allowedOrigins);
        }

        public static WebSection defaults() {
            return new WebSection(false, "0.0.0.0", DEFAULT_PORT, true, List.of());
        }
    }

    /**
     * {@code [metrics]}: the plain-HTTP listener for {@code /metrics} (Prometheus) and
     * {@code /healthz}, on loopback unless told otherwise. Off unless the section is there.
     */
    public record MetricsSection(boolean enabled, String host, int port) {
        public static final int DEFAULT_PORT = 9464;

        public static MetricsSection defaults() {
            return new MetricsSection(false, "127.0.0.1", DEFAULT_PORT);
        }
    }

    /** {@code [storage]}: where all state lives (database, certificates). */
    public record StorageSection(Path dataDir) {
        public static StorageSection defaults() {
            return new StorageSection(Path.of("parley-data"));
        }
    }

    /** {@code [rooms]}: rooms every client joins right after registration. */
    public record RoomsSection(List<String> autoJoin) {
        public RoomsSection {
            autoJoin = List.copyOf(autoJoin);
        }

        public static RoomsSection defaults() {
            return new RoomsSection(List.of("#lobby"));
        }
    }

    /**
     * {@code [auth]}.
     *
     * @param allowGuests         whether clients may register without logging in
     * @param serverPassword      the PASS every client must give, if set
     * @param selfRegistration    whether clients may create their own accounts
     * @param reserveAccountNicks whether a nick equal to an account name is kept for that account
     * @param scram               whether SCRAM-SHA-256 is offered and its keys stored beside each hash
     * @param scramIterations     PBKDF2 iterations of new SCRAM keys (kept per account, so it can be raised)
     * @param auditRetentionDays  how long rows of the login audit trail are kept
     */
    public record AuthSection(boolean allowGuests, Optional<String> serverPassword,
                              boolean selfRegistration, boolean reserveAccountNicks,
                              boolean scram, int scramIterations, int auditRetentionDays) {
        /** OWASP's figure for PBKDF2-HMAC-SHA-256 (Password Storage Cheat Sheet, 2023). */
        public static final int DEFAULT_SCRAM_ITERATIONS = 600_000;
        public static final int DEFAULT_AUDIT_RETENTION_DAYS = 90;

        /** The given login rules with the default SCRAM and audit settings. */
        public AuthSection(boolean allowGuests, Optional<String> serverPassword,
                           boolean selfRegistration, boolean reserveAccountNicks) {
            this(allowGuests, serverPassword, selfRegistration, reserveAccountNicks, true,
                    DEFAULT_SCRAM_ITERATIONS, DEFAULT_AUDIT_RETENTION_DAYS);
        }

        public static AuthSection defaults() {
            return new AuthSection(false, Optional.empty(), false, true);
        }

        /** The iteration count new SCRAM keys get, or 0 when SCRAM is off (no keys are kept). */
        public int scramKeyIterations() {
            return scram ? scramIterations : 0;
        }
    }

    /**
     * {@code [tls]}: a PEM certificate chain and key, or {@code [tls.acme]} to obtain one; with
     * neither, a self-signed one is made.
     */
    public record TlsSection(Optional<Path> certFile, Optional<Path> keyFile, Optional<AcmeSection> acme) {
        public TlsSection(Optional<Path> certFile, Optional<Path> keyFile) {
            this(certFile, keyFile, Optional.empty());
        }

        public static TlsSection defaults() {
            return new TlsSection(Optional.empty(), Optional.empty());
        }
    }

    /**
     * {@code [tls.acme]}: a certificate obtained and renewed from an ACME certificate authority.
     *
     * @param domains         the names the certificate is for, the first as its subject
     * @param email           the contact address the CA writes to about the account, if any
     * @param directory       the CA's ACME directory URL
     * @param agreeTos        whether the administrator agreed to the CA's terms (must be true)
     * @param challenge       how the CA's check is answered: {@link #HTTP_01} or {@link #TLS_ALPN_01}
     * @param httpPort        where the HTTP-01 challenge is answered (the CA asks on port 80)
     * @param renewBeforeDays renew when this many days are left (or a third of a shorter lifetime)
     * @param trustFile       PEM CA certificates to trust for the directory's HTTPS (a private CA),
     *                        instead of the JVM's
     */
    public record AcmeSection(List<String> domains, Optional<String> email, java.net.URI directory,
                              boolean agreeTos, String challenge, int httpPort, int renewBeforeDays,
                              Optional<Path> trustFile) {
        /** Let's Encrypt's production directory. */
        public static final java.net.URI LETS_ENCRYPT = java.net.URI.create("https://acme-v02.api.letsencrypt.org/directory");
        /** A file on a plain HTTP port: the CA fetches it from port 80. */
        public static final String HTTP_01 = "http-01";
        /** A certificate on the TLS port, picked by ALPN: the CA connects to port 443. */
        public static final String TLS_ALPN_01 = "tls-alpn-01";
        public static final int DEFAULT_HTTP_PORT = 80;
        public static final int DEFAULT_RENEW_BEFORE_DAYS = 30;

        public AcmeSection {
            domains = List.copyOf(domains);
        }
    }

    /**
     * {@code [limits]}: what one client may send and hold.
     *
     * @param messagesPerSecond   sustained commands per second before flood control holds back
     * @param messageBurst        commands a client may send at once before flood control starts
     * @param maxConnectionsPerIp connections one address may have open at once
     * @param sendQueueBytes      bytes queued for a slow reader before it is disconnected
     * @param pingIntervalSeconds idle time before the server sends PING
     * @param pingTimeoutSeconds  time after the PING before an unanswering client is dropped
     * @param maxRoomsPerUser     rooms one client may be in
     * @param registrationTimeoutSeconds time a connection may take to register
     * @param maxConnections      connections the whole server holds at once (loopback included)
     */
    public record LimitsSection(int messagesPerSecond, int messageBurst, int maxConnectionsPerIp,
                                int sendQueueBytes, int pingIntervalSeconds, int pingTimeoutSeconds,
                                int maxRoomsPerUser, int registrationTimeoutSeconds, int maxConnections) {
        /** Well above the tens of thousands a node is built for, below what a default file-descriptor limit allows raised. */
        public static final int DEFAULT_MAX_CONNECTIONS = 100_000;

        /** The given limits with the default server-wide connection cap. */
        public LimitsSection(int messagesPerSecond, int messageBurst, int maxConnectionsPerIp, int sendQueueBytes,
                             int pingIntervalSeconds, int pingTimeoutSeconds, int maxRoomsPerUser,
                             int registrationTimeoutSeconds) {
            this(messagesPerSecond, messageBurst, maxConnectionsPerIp, sendQueueBytes, pingIntervalSeconds,
                    pingTimeoutSeconds, maxRoomsPerUser, registrationTimeoutSeconds, DEFAULT_MAX_CONNECTIONS);
        }

        public static LimitsSection defaults() {
            return new LimitsSection(10, 50, 20, 1 << 20, 90, 60, 50, 60);
        }

        public LimitsSection withMaxConnections(int max) {
            return new LimitsSection(messagesPerSecond, messageBurst, maxConnectionsPerIp, sendQueueBytes,
                    pingIntervalSeconds, pingTimeoutSeconds, maxRoomsPerUser, registrationTimeoutSeconds, max);
        }
    }

    /**
     * {@code [history]}: what the server keeps of what was said, and for how long.
     *
     * @param enabled              whether history is kept at all (read at start)
     * @param retentionDays        messages older than this are deleted; 0 keeps them for ever
     * @param maxMessagesPerTarget a room or conversation keeps at most this many; 0 for no limit
     * @param commands             which commands are kept (of {@link #ALL_COMMANDS})
     * @param beforeJoin           whether a room's members may read what was said before they joined
     */
    public record HistorySection(boolean enabled, int retentionDays, int maxMessagesPerTarget,
                                 Set<String> commands, boolean beforeJoin) {
        /** Everything history can keep: what draft/event-playback replays. */
        public static final List<String> ALL_COMMANDS =
                List.of("PRIVMSG", "NOTICE", "TAGMSG", "TOPIC", "JOIN", "PART", "QUIT", "KICK", "NICK", "MODE");

        public HistorySection {
            commands = Set.copyOf(commands);
        }

        public static HistorySection defaults() {
            return new HistorySection(true, 365, 100_000, Set.copyOf(ALL_COMMANDS), true);
        }

        public HistorySection withEnabled(boolean on) {
            return new HistorySection(on, retentionDays, maxMessagesPerTarget, commands, beforeJoin);
        }
    }

    /**
     * {@code [log]}: how log lines are written (read at start).
     *
     * @param format {@code TEXT}, one line for people, or {@code JSON}, one object a line for log shippers
     */
    public record LogSection(Format format) {
        public enum Format { TEXT, JSON }

        public static LogSection defaults() {
            return new LogSection(Format.TEXT);
        }
    }

    /** {@code [[accounts]]} and {@code [[operators]]}: a name and a password. */
    public record CredentialSection(String name, String password, Optional<String> displayName) {
        @Override
        public String toString() {
            return "CredentialSection[name=" + name + ", password=<hidden>]";
        }
    }
}
