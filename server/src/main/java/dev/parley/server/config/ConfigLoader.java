package dev.parley.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.toml.TomlReadFeature;
import dev.parley.server.config.ParleyConfig.AuthSection;
import dev.parley.server.config.ParleyConfig.CredentialSection;
import dev.parley.server.config.ParleyConfig.HistorySection;
import dev.parley.server.config.ParleyConfig.LimitsSection;
import dev.parley.server.config.ParleyConfig.ListenSection;
import dev.parley.server.config.ParleyConfig.MetricsSection;
import dev.parley.server.config.ParleyConfig.RoomsSection;
import dev.parley.server.config.ParleyConfig.ServerSection;
import dev.parley.server.config.ParleyConfig.StorageSection;
import dev.parley.server.config.ParleyConfig.TlsSection;
import dev.parley.server.config.ParleyConfig.WebSection;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a {@code parley.toml} file into a {@link ParleyConfig}, checking everything it can
 * before the server starts. Any problem stops the load with a {@link ConfigException} that
 * names the file, line and key.
 *
 * <p>Missing sections and keys take the defaults of {@link ParleyConfig}. Relative paths
 * ({@code storage.data_dir}, {@code tls.cert_file}, {@code tls.key_file}, and the default
 * data directory) are resolved against the directory holding the file, so a configuration
 * means the same thing whatever directory the server is started from.
 *
 * <p>The loader keeps no state: on SIGHUP call {@link #load(Path)} again with
 * {@link ParleyConfig#source()} and compare the result with the running configuration.
 * A failed reload throws, so the running configuration can simply be kept.
 */
public final class ConfigLoader {
    /** Longest server name accepted; IRC server names are host names, whose labels are capped at 63. */
    public static final int MAX_SERVER_NAME_LENGTH = 63;
    /** Longest room name accepted in {@code rooms.auto_join}, matching the usual CHANNELLEN. */
    public static final int MAX_ROOM_NAME_LENGTH = 50;

    private static final TomlMapper MAPPER = TomlMapper.builder()
            // Without this, dates read as strings and "name = 2024-01-01" would pass as a name.
            .enable(TomlReadFeature.PARSE_JAVA_TIME)
            .build();

    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
    private static final Pattern SERVER_NAME = Pattern.compile(LABEL + "(?:\\." + LABEL + ")+");
    private static final Pattern LISTEN_HOST = Pattern.compile("[A-Za-z0-9.:%_-]+");

    private static final List<String> SECTIONS = List.of(
            "server", "listen", "storage", "rooms", "auth", "tls", "limits", "history", "accounts", "operators",
            "web", "metrics");
    private static final List<String> HISTORY_KEYS =
            List.of("enabled", "retention_days", "max_messages_per_target", "commands", "before_join");
    private static final List<String> SERVER_KEYS = List.of("name", "network", "description", "motd");
    private static final List<String> LISTEN_KEYS = List.of("host", "port", "tls");
    private static final List<String> STORAGE_KEYS = List.of("data_dir");
    private static final List<String> ROOMS_KEYS = List.of("auto_join");
    private static final List<String> AUTH_KEYS =
            List.of("allow_guests", "server_password", "self_registration", "reserve_account_nicks");
    private static final List<String> TLS_KEYS = List.of("cert_file", "key_file");
    private static final List<String> LIMITS_KEYS = List.of("messages_per_second", "message_burst",
            "max_connections_per_ip", "send_queue_bytes", "ping_interval_seconds", "ping_timeout_seconds",
            "max_rooms_per_user", "registration_timeout_seconds");
    private static final List<String> WEB_KEYS = List.of("enabled", "host", "port", "tls", "allowed_origins");
    private static final List<String> METRICS_KEYS = List.of("enabled", "host", "port");
    /** An origin as browsers send it: scheme, host, and a port when not the scheme's own. */
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.:\\[\\]-]+");
    private static final List<String> ACCOUNT_KEYS = List.of("name", "password", "display_name");
    private static final List<String> OPERATOR_KEYS = List.of("name", "password");

    /** Creates a loader; it holds no state and may be shared. */
    public ConfigLoader() {
    }

    /**
     * Reads and checks {@code file}.
     *
     * @return the configuration, with {@link ParleyConfig#source()} set to {@code file}
     * @throws ConfigException if the file cannot be read, is not TOML, or holds a bad value
     */
    public ParleyConfig load(Path file) throws ConfigException {
        return parse(read(file), file);
    }

    /** Checks TOML {@code text} as if it had been read from {@code file}. */
    ParleyConfig parse(String text, Path file) throws ConfigException {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            if (reason.startsWith("Duplicate key")) {
                Optional<TomlKeyLines.Duplicate> duplicate = TomlKeyLines.scan(text).firstDuplicate();
                if (duplicate.isPresent()) {
                    TomlKeyLines.Duplicate d = duplicate.get();
                    throw new ConfigException(file, format(file, d.line(), d.path(),
                            "set twice, first on line " + d.firstLine()));
                }
            }
            JsonLocation where = e.getLocation();
            int line = where == null ? 0 : where.getLineNr();
            throw new ConfigException(file, format(file, line, KeyPath.ROOT,
                    "TOML syntax error: " + lowerFirst(reason)));
        } catch (RuntimeException e) {
            // The TOML module reports most syntax errors as above; this catches any it lets slip.
            throw new ConfigException(file, format(file, 0, KeyPath.ROOT, "TOML syntax error: " + e));
        }
        ObjectNode document = root instanceof ObjectNode object ? object : MAPPER.createObjectNode();
        Path baseDir = file.toAbsolutePath().normalize().getParent();
        Checker checker = new Checker(TomlKeyLines.scan(text), baseDir);
        ParleyConfig config = checker.config(document, file);
        if (!checker.problems.isEmpty()) {
            List<String> lines = checker.problems.stream()
                    .sorted(Comparator.comparingInt(p -> p.line == 0 ? Integer.MAX_VALUE : p.line))
                    .map(p -> format(file, p.line, p.path, p.message))
                    .toList();
            throw new ConfigException(file, lines);
        }
        return config;
    }

    private static String read(Path file) throws ConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(file, file + ": cannot read: " + e);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new ConfigException(file, file + ": not UTF-8 text, which TOML requires");
        }
    }

    private static String format(Path file, int line, KeyPath path, String message) {
        StringBuilder out = new StringBuilder().append(file);
        if (line > 0) {
            out.append(':').append(line);
        }
        out.append(": ");
        if (!path.isRoot()) {
            out.append(path).append(": ");
        }
        return out.append(message).toString();
    }

    private static String lowerFirst(String s) {
        if (s == null || s.isEmpty()) {
            return "unreadable document";
        }
        // Jackson's messages are sentences; they follow a colon here. Keep one line.
        String firstLine = s.lines().findFirst().orElse(s);
        return Character.toLowerCase(firstLine.charAt(0)) + firstLine.substring(1);
    }

    private record Problem(int line, KeyPath path, String message) {
    }

    /** One pass over one document: builds the records and collects every problem on the way. */
    private static final class Checker {
        private final TomlKeyLines lines;
        private final Path baseDir;
        private final List<Problem> problems = new ArrayList<>();

        Checker(TomlKeyLines lines, Path baseDir) {
            this.lines = lines;
            this.baseDir = baseDir;
        }

        ParleyConfig config(ObjectNode root, Path file) {
            KeyPath top = KeyPath.ROOT;
            for (Map.Entry<String, JsonNode> field : root.properties()) {
                if (!SECTIONS.contains(field.getKey())) {
                    JsonNode value = field.getValue();
                    boolean looksLikeSection = value.isObject()
                            || (value.isArray() && value.size() > 0 && value.get(0).isObject());
                    problem(top.key(field.getKey()), (looksLikeSection ? "unknown section" : "unknown key")
                            + suggestion(field.getKey(), SECTIONS));
                }
            }
            ServerSection server = server(table(root, top, "server"), top.key("server"));
            List<ListenSection> listen = listen(root, top.key("listen"));
            StorageSection storage = storage(table(root, top, "storage"), top.key("storage"));
            RoomsSection rooms = rooms(table(root, top, "rooms"), top.key("rooms"));
            AuthSection auth = auth(table(root, top, "auth"), top.key("auth"));
            TlsSection tls = tls(table(root, top, "tls"), top.key("tls"));
            LimitsSection limits = limits(table(root, top, "limits"), top.key("limits"));
            HistorySection history = history(table(root, top, "history"), top.key("history"));
            List<CredentialSection> accounts = credentials(root, top.key("accounts"), ACCOUNT_KEYS, "account");
            List<CredentialSection> operators = credentials(root, top.key("operators"), OPERATOR_KEYS, "operator");
            WebSection web = web(table(root, top, "web"), top.key("web"));
            MetricsSection metrics = metrics(table(root, top, "metrics"), top.key("metrics"));
            return new ParleyConfig(server, listen, storage, rooms, auth, tls, limits, history, accounts, operators,
                    Optional.of(file), web, metrics);
        }

        private ServerSection server(ObjectNode node, KeyPath path) {
            ServerSection defaults = ServerSection.defaults();
            if (node == null) {
                return defaults;
            }
            onlyKnownKeys(node, path, SERVER_KEYS);
            String name = string(node, path, "name");
            if (name != null) {
                KeyPath at = path.key("name");
                if (name.length() > MAX_SERVER_NAME_LENGTH) {
                    problem(at, "must be at most " + MAX_SERVER_NAME_LENGTH + " characters, got " + name.length());
                } else if (!SERVER_NAME.matcher(name).matches()) {
                    problem(at, "must be a host-like name containing a dot, such as irc.example.org, got "
                            + quote(name));
                }
            }
            String network = string(node, path, "network");
            if (network != null) {
                if (network.isEmpty()) {
                    problem(path.key("network"), "must not be empty");
                } else if (hasSpaceOrControl(network)) {
                    problem(path.key("network"), "must not contain spaces or control characters");
                }
            }
            String description = string(node, path, "description");
            if (description != null && hasControl(description)) {
                problem(path.key("description"), "must not contain line breaks or control characters");
            }
            List<String> motd = strings(node, path, "motd", (i, line) -> {
                if (hasControl(line)) {
                    problem(path.key("motd").index(i), "must not contain line breaks or control characters");
                }
            });
            return new ServerSection(
                    name != null ? name : defaults.name(),
                    network != null ? network : defaults.network(),
                    description != null ? description : defaults.description(),
                    motd != null ? motd : defaults.motd());
        }

        private List<ListenSection> listen(ObjectNode root, KeyPath path) {
            List<ObjectNode> tables = arrayOfTables(root, path);
            if (tables == null) {
                return List.of(ListenSection.defaults());
            }
            if (tables.isEmpty()) {
                problem(path, "at least one listener is needed");
                return List.of(ListenSection.defaults());
            }
            List<ListenSection> result = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < tables.size(); i++) {
                ObjectNode node = tables.get(i);
                KeyPath at = path.index(i);
                onlyKnownKeys(node, at, LISTEN_KEYS);
                String host = listenHost(node, at);
                Integer port = integer(node, at, "port", 0, 65535);
                Boolean tls = bool(node, at, "tls");
                ListenSection listener = new ListenSection(
                        host != null ? host : ListenSection.defaults().host(),
                        port != null ? port : (tls == null || tls ? 6697 : 6667),
                        tls == null || tls);
                // Port 0 asks for a fresh ephemeral port each time, so those never clash.
                if (listener.port() != 0) {
                    String where = listener.host().toLowerCase(Locale.ROOT) + ":" + listener.port();
                    Integer earlier = seen.putIfAbsent(where, i);
                    if (earlier != null) {
                        problem(node.has("port") ? at.key("port") : at,
                                "listens on " + where + " like " + path.index(earlier));
                    }
                }
                result.add(listener);
            }
            return result;
        }

        private WebSection web(ObjectNode node, KeyPath path) {
            WebSection d = WebSection.defaults();
            if (node == null) {
                return d;
            }
            onlyKnownKeys(node, path, WEB_KEYS);
            Endpoint at = endpoint(node, path, d.host(), d.port());
            Boolean tls = bool(node, path, "tls");
            List<String> origins = strings(node, path, "allowed_origins", (i, origin) -> {
                if (!ORIGIN.matcher(origin).matches()) {
                    problem(path.key("allowed_origins").index(i),
                            "must be an origin such as https://chat.example.org, got " + quote(origin));
                }
            });
            return new WebSection(at.enabled(), at.host(), at.port(), tls == null || tls,
                    origins != null ? origins : d.allowedOrigins());
        }

        private MetricsSection metrics(ObjectNode node, KeyPath path) {
            MetricsSection d = MetricsSection.defaults();
            if (node == null) {
                return d;
            }
            onlyKnownKeys(node, path, METRICS_KEYS);
            Endpoint at = endpoint(node, path, d.host(), d.port());
            return new MetricsSection(at.enabled(), at.host(), at.port());
        }

        /** The keys a section of its own listener has: on unless it says not, where it listens. */
        private record Endpoint(boolean enabled, String host, int port) {
        }

        private Endpoint endpoint(ObjectNode node, KeyPath path, String defaultHost, int defaultPort) {
            Boolean enabled = bool(node, path, "enabled");
            String host = listenHost(node, path);
            Integer port = integer(node, path, "port", 0, 65535);
            return new Endpoint(enabled == null || enabled, host != null ? host : defaultHost,
                    port != null ? port : defaultPort);
        }

        private String listenHost(ObjectNode node, KeyPath path) {
            String host = string(node, path, "host");
            if (host != null && !LISTEN_HOST.matcher(host).matches()) {
                problem(path.key("host"), "must be an IP address or host name, got " + quote(host));
                return null;
            }
            return host;
        }

        private StorageSection storage(ObjectNode node, KeyPath path) {
            Path dataDir = null;
            if (node != null) {
                onlyKnownKeys(node, path, STORAGE_KEYS);
                dataDir = path(node, path, "data_dir");
            }
            return new StorageSection(dataDir != null ? dataDir : resolve(StorageSection.defaults().dataDir()));
        }

        private RoomsSection rooms(ObjectNode node, KeyPath path) {
            if (node == null) {
                return RoomsSection.defaults();
            }
            onlyKnownKeys(node, path, ROOMS_KEYS);
            List<String> autoJoin = strings(node, path, "auto_join", (i, room) -> {
                String wrong = roomNameProblem(room);
                if (wrong != null) {
                    problem(path.key("auto_join").index(i), wrong);
                }
            });
            return autoJoin != null ? new RoomsSection(autoJoin) : RoomsSection.defaults();
        }

        private AuthSection auth(ObjectNode node, KeyPath path) {
            AuthSection defaults = AuthSection.defaults();
            if (node == null) {
                return defaults;
            }
            onlyKnownKeys(node, path, AUTH_KEYS);
            Boolean allowGuests = bool(node, path, "allow_guests");
            String serverPassword = string(node, path, "server_password");
            if (serverPassword != null) {
                if (serverPassword.isEmpty()) {
                    problem(path.key("server_password"), "must not be empty; leave it out to need no password");
                } else if (hasControl(serverPassword)) {
                    problem(path.key("server_password"), "must not contain line breaks or control characters");
                }
            }
            Boolean selfRegistration = bool(node, path, "self_registration");
            Boolean reserveAccountNicks = bool(node, path, "reserve_account_nicks");
            return new AuthSection(
                    allowGuests != null ? allowGuests : defaults.allowGuests(),
                    serverPassword != null ? Optional.of(serverPassword) : defaults.serverPassword(),
                    selfRegistration != null ? selfRegistration : defaults.selfRegistration(),
                    reserveAccountNicks != null ? reserveAccountNicks : defaults.reserveAccountNicks());
        }

        private TlsSection tls(ObjectNode node, KeyPath path) {
            if (node == null) {
                return TlsSection.defaults();
            }
            onlyKnownKeys(node, path, TLS_KEYS);
            Path certFile = path(node, path, "cert_file");
            Path keyFile = path(node, path, "key_file");
            if (node.has("cert_file") && !node.has("key_file")) {
                problem(path.key("cert_file"), "key_file must be set too");
            } else if (node.has("key_file") && !node.has("cert_file")) {
                problem(path.key("key_file"), "cert_file must be set too");
            }
            return new TlsSection(Optional.ofNullable(certFile), Optional.ofNullable(keyFile));
        }

        private LimitsSection limits(ObjectNode node, KeyPath path) {
            LimitsSection d = LimitsSection.defaults();
            if (node == null) {
                return d;
            }
            onlyKnownKeys(node, path, LIMITS_KEYS);
            return new LimitsSection(
                    positive(node, path, "messages_per_second", d.messagesPerSecond()),
                    positive(node, path, "message_burst", d.messageBurst()),
                    positive(node, path, "max_connections_per_ip", d.maxConnectionsPerIp()),
                    positive(node, path, "send_queue_bytes", d.sendQueueBytes()),
                    positive(node, path, "ping_interval_seconds", d.pingIntervalSeconds()),
                    positive(node, path, "ping_timeout_seconds", d.pingTimeoutSeconds()),
                    positive(node, path, "max_rooms_per_user", d.maxRoomsPerUser()),
                    positive(node, path, "registration_timeout_seconds", d.registrationTimeoutSeconds()));
        }

        private HistorySection history(ObjectNode node, KeyPath path) {
            HistorySection d = HistorySection.defaults();
            if (node == null) {
                return d;
            }
            onlyKnownKeys(node, path, HISTORY_KEYS);
            Boolean enabled = bool(node, path, "enabled");
            Integer retention = integer(node, path, "retention_days", 0, 100_000);
            Integer max = integer(node, path, "max_messages_per_target", 0, Integer.MAX_VALUE);
            List<String> commands = strings(node, path, "commands", (i, command) -> {
                if (!HistorySection.ALL_COMMANDS.contains(command)) {
                    problem(path.key("commands").index(i), "unknown command " + quote(command)
                            + "; history can keep " + String.join(", ", HistorySection.ALL_COMMANDS));
                }
            });
            Boolean beforeJoin = bool(node, path, "before_join");
            return new HistorySection(
                    enabled != null ? enabled : d.enabled(),
                    retention != null ? retention : d.retentionDays(),
                    max != null ? max : d.maxMessagesPerTarget(),
                    commands != null ? new HashSet<>(commands) : d.commands(),
                    beforeJoin != null ? beforeJoin : d.beforeJoin());
        }

        private int positive(ObjectNode node, KeyPath path, String key, int otherwise) {
            Integer value = integer(node, path, key, 1, Integer.MAX_VALUE);
            return value != null ? value : otherwise;
        }

        private List<CredentialSection> credentials(ObjectNode root, KeyPath path, List<String> keys, String what) {
            List<ObjectNode> tables = arrayOfTables(root, path);
            if (tables == null) {
                return List.of();
            }
            List<CredentialSection> result = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < tables.size(); i++) {
                ObjectNode node = tables.get(i);
                KeyPath at = path.index(i);
                onlyKnownKeys(node, at, keys);
                String name = string(node, at, "name");
                if (name == null && !node.has("name")) {
                    problem(at, "name is missing");
                } else if (name != null && name.isEmpty()) {
                    problem(at.key("name"), "must not be empty");
                } else if (name != null && hasSpaceOrControl(name)) {
                    problem(at.key("name"), "must not contain spaces or control characters");
                } else if (name != null) {
                    // Names are matched without regard to case, so "Jilles" and "jilles" are one name.
                    Integer earlier = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), i);
                    if (earlier != null) {
                        problem(at.key("name"), "same " + what + " name as " + path.index(earlier));
                    }
                }
                String password = string(node, at, "password");
                if (password == null && !node.has("password")) {
                    problem(at, "password is missing");
                } else if (password != null && password.isEmpty()) {
                    problem(at.key("password"), "must not be empty");
                }
                String displayName = keys.contains("display_name") ? string(node, at, "display_name") : null;
                if (displayName != null && (displayName.isEmpty() || hasControl(displayName))) {
                    problem(at.key("display_name"), "must be non-empty text without control characters");
                }
                result.add(new CredentialSection(name != null ? name : "", password != null ? password : "",
                        Optional.ofNullable(displayName)));
            }
            return result;
        }

        // ---- typed access; each returns null when the key is absent or its value was reported ----

        private ObjectNode table(ObjectNode parent, KeyPath parentPath, String key) {
            JsonNode node = parent.get(key);
            if (node == null) {
                return null;
            }
            if (!node.isObject()) {
                problem(parentPath.key(key), "must be a table ([" + key + "]), got " + describe(node));
                return null;
            }
            return (ObjectNode) node;
        }

        private List<ObjectNode> arrayOfTables(ObjectNode root, KeyPath path) {
            JsonNode node = root.get(path.toString());
            if (node == null) {
                return null;
            }
            if (!node.isArray()) {
                problem(path, "must be an array of tables ([[" + path + "]]), got " + describe(node));
                return null;
            }
            List<ObjectNode> tables = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode element = node.get(i);
                if (element.isObject()) {
                    tables.add((ObjectNode) element);
                } else {
                    problem(path.index(i), "must be a table, got " + describe(element));
                    tables.add(MAPPER.createObjectNode());
                }
            }
            return tables;
        }

        private void onlyKnownKeys(ObjectNode node, KeyPath path, List<String> known) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!known.contains(name)) {
                    problem(path.key(name), "unknown key" + suggestion(name, known));
                }
            }
        }

        private String string(ObjectNode node, KeyPath path, String key) {
            JsonNode value = node.get(key);
            if (value == null) {
                return null;
            }
            if (!value.isTextual()) {
                problem(path.key(key), "must be a string, got " + describe(value));
                return null;
            }
            return value.textValue();
        }

        private Boolean bool(ObjectNode node, KeyPath path, String key) {
            JsonNode value = node.get(key);
            if (value == null) {
                return null;
            }
            if (!value.isBoolean()) {
                problem(path.key(key), "must be true or false, got " + describe(value));
                return null;
            }
            return value.booleanValue();
        }

        private Integer integer(ObjectNode node, KeyPath path, String key, int min, int max) {
            JsonNode value = node.get(key);
            if (value == null) {
                return null;
            }
            KeyPath at = path.key(key);
            if (!value.isIntegralNumber()) {
                problem(at, "must be an integer, got " + describe(value));
                return null;
            }
            BigInteger n = value.bigIntegerValue();
            if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
                String range;
                if (max == Integer.MAX_VALUE) {
                    boolean tooSmall = n.compareTo(BigInteger.valueOf(min)) < 0;
                    range = tooSmall ? "must be at least " + min : "must be at most " + max;
                } else {
                    range = "must be between " + min + " and " + max;
                }
                problem(at, range + ", got " + n);
                return null;
            }
            return n.intValue();
        }

        /** A list of strings; {@code each} sees every element for value checks. */
        private List<String> strings(ObjectNode node, KeyPath path, String key, IndexedCheck each) {
            JsonNode value = node.get(key);
            if (value == null) {
                return null;
            }
            KeyPath at = path.key(key);
            if (!value.isArray()) {
                problem(at, "must be an array of strings, got " + describe(value));
                return null;
            }
            List<String> result = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < value.size(); i++) {
                JsonNode element = value.get(i);
                if (!element.isTextual()) {
                    problem(at.index(i), "must be a string, got " + describe(element));
                    ok = false;
                } else {
                    each.check(i, element.textValue());
                    result.add(element.textValue());
                }
            }
            return ok ? result : null;
        }

        private Path path(ObjectNode node, KeyPath path, String key) {
            String value = string(node, path, key);
            if (value == null) {
                return null;
            }
            if (value.isEmpty()) {
                problem(path.key(key), "must not be empty");
                return null;
            }
            try {
                return resolve(Path.of(value));
            } catch (InvalidPathException e) {
                problem(path.key(key), "not a usable path: " + e.getReason());
                return null;
            }
        }

        private Path resolve(Path p) {
            return baseDir.resolve(p).normalize();
        }

        private void problem(KeyPath path, String message) {
            problems.add(new Problem(lines.lineOf(path), path, message));
        }
    }

    @FunctionalInterface
    private interface IndexedCheck {
        void check(int index, String value);
    }

    /** Why {@code name} is not a usable room name, or null if it is. */
    static String roomNameProblem(String name) {
        if (!name.startsWith("#")) {
            return "must be a room name starting with '#', got " + quote(name);
        }
        if (name.length() < 2) {
            return "must have a name after '#'";
        }
        if (name.length() > MAX_ROOM_NAME_LENGTH) {
            return "must be at most " + MAX_ROOM_NAME_LENGTH + " characters, got " + name.length();
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ' ' || c == ',' || c == ':' || c < 0x20 || c == 0x7f) {
                return "must not contain spaces, commas, colons or control characters, got " + quote(name);
            }
        }
        return null;
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f);
    }

    private static boolean hasSpaceOrControl(String s) {
        return s.chars().anyMatch(c -> c <= 0x20 || c == 0x7f || Character.isWhitespace(c));
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a float";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "a table";
            case POJO -> "a date/time";
            default -> node.getNodeType().toString().toLowerCase(Locale.ROOT);
        };
    }

    /** The value in double quotes, escaped and shortened so the message stays one readable line. */
    private static String quote(String s) {
        String shown = s.length() > 64 ? s.substring(0, 61) + "..." : s;
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String suggestion(String unknown, List<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : known) {
            int d = distance(unknown.toLowerCase(Locale.ROOT), candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
