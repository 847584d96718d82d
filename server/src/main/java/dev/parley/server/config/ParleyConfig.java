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

    /** A configuration without the web and metrics listeners (both off, as without their sections). */
    public ParleyConfig(ServerSection server, List<ListenSection> listen, StorageSection storage, RoomsSection rooms,
                        AuthSection auth, TlsSection tls, LimitsSection limits, HistorySection history,
                        List<CredentialSection> accounts, List<CredentialSection> operators, Optional<Path> source) {
        this(server, listen, storage, rooms, auth, tls, limits, history, accounts, operators, source,
                WebSection.defaults(), MetricsSection.defaults());
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
        return new ParleyConfig(server, newListen, storage, rooms, auth, tls, limits, history, accounts, operators,
                source, web, metrics);
    }

    public ParleyConfig withStorage(StorageSection newStorage) {
        return new ParleyConfig(server, listen, newStorage, rooms, auth, tls, limits, history, accounts, operators,
                source, web, metrics);
    }

    public ParleyConfig withAuth(AuthSection newAuth) {
        return new ParleyConfig(server, listen, storage, rooms, newAuth, tls, limits, history, accounts, operators,
                source, web, metrics);
    }

    public ParleyConfig withHistory(HistorySection newHistory) {
        return new ParleyConfig(server, listen, storage, rooms, auth, tls, limits, newHistory, accounts, operators,
                source, web, metrics);
    }

    public ParleyConfig withWeb(WebSection newWeb) {
        return new ParleyConfig(server, listen, storage, rooms, auth, tls, limits, history, accounts, operators, source,
                newWeb, metrics);
    }

    public ParleyConfig withMetrics(MetricsSection newMetrics) {
        return new ParleyConfig(server, listen, storage, rooms, auth, tls, limits, history, accounts, operators, source,
                web, newMetrics);
    }

    public ParleyConfig withRooms(RoomsSection newRooms) {
        return new ParleyConfig(server, listen, storage, newRooms, auth, tls, limits, history, accounts, operators,
                source, web, metrics);
    }

    /** {@code [server]}: who this server says it is. */
    public record ServerSection(String name, String network, String description, List<String> motd) {
        public ServerSection {
            motd = List.copyOf(motd);
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
     */
    public record AuthSection(boolean allowGuests, Optional<String> serverPassword,
                              boolean selfRegistration, boolean reserveAccountNicks) {
        public static AuthSection defaults() {
            return new AuthSection(false, Optional.empty(), false, true);
        }
    }

    /** {@code [tls]}: a PEM certificate chain and key; when absent a self-signed one is made. */
    public record TlsSection(Optional<Path> certFile, Optional<Path> keyFile) {
        public static TlsSection defaults() {
            return new TlsSection(Optional.empty(), Optional.empty());
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
     */
    public record LimitsSection(int messagesPerSecond, int messageBurst, int maxConnectionsPerIp,
                                int sendQueueBytes, int pingIntervalSeconds, int pingTimeoutSeconds,
                                int maxRoomsPerUser, int registrationTimeoutSeconds) {
        public static LimitsSection defaults() {
            return new LimitsSection(10, 50, 20, 1 << 20, 90, 60, 50, 60);
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

    /** {@code [[accounts]]} and {@code [[operators]]}: a name and a password. */
    public record CredentialSection(String name, String password, Optional<String> displayName) {
        @Override
        public String toString() {
            return "CredentialSection[name=" + name + ", password=<hidden>]";
        }
    }
}
