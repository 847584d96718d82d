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
import dev.parley.server.config.ParleyConfig.LogSection;
import dev.parley.server.config.ParleyConfig.MetricsSection;
import dev.parley.server.config.ParleyConfig.RoomsSection;
import dev.parley.server.config.ParleyConfig.ServerSection;
import dev.parley.server.config.ParleyConfig.StorageSection;
import dev.parley.server.config.ParleyConfig.TlsSection;
import dev.parley.server.config.ParleyConfig.WebSection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    public static final int MAX_ROOM_NAME_LENGTH = ServiceSections.MAX_ROOM_NAME_LENGTH;

    private static final TomlMapper MAPPER = TomlMapper.builder()
            // Without this, dates read as strings and "name = 2024-01-01" would pass as a name.
            .enable(TomlReadFeature.PARSE_JAVA_TIME)
            .build();

    private static final List<String> SECTIONS = List.of(
            "server", "listen", "storage", "rooms", "auth", "tls", "limits", "history", "log", "accounts", "operators",
            "web", "metrics");

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
        TomlValues values = new TomlValues(TomlKeyLines.scan(text), baseDir);
        ParleyConfig config = config(document, file, values);
        if (!values.problems().isEmpty()) {
            List<String> lines = values.problems().stream()
                    .sorted(Comparator.comparingInt(p -> p.line() == 0 ? Integer.MAX_VALUE : p.line()))
                    .map(p -> format(file, p.line(), p.path(), p.message()))
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

    /** One pass over one document: builds the records and collects every problem on the way. */
    private static ParleyConfig config(ObjectNode root, Path file, TomlValues values) {
        NetworkSections network = new NetworkSections(values);
        ServiceSections service = new ServiceSections(values);
        KeyPath top = KeyPath.ROOT;
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (!SECTIONS.contains(field.getKey())) {
                JsonNode value = field.getValue();
                boolean looksLikeSection = value.isObject()
                        || (value.isArray() && value.size() > 0 && value.get(0).isObject());
                values.problem(top.key(field.getKey()), (looksLikeSection ? "unknown section" : "unknown key")
                        + TomlValues.suggestion(field.getKey(), SECTIONS));
            }
        }
        ServerSection server = network.server(values.table(root, top, "server"), top.key("server"));
        List<ListenSection> listen = network.listen(root, top.key("listen"));
        StorageSection storage = service.storage(values.table(root, top, "storage"), top.key("storage"));
        RoomsSection rooms = service.rooms(values.table(root, top, "rooms"), top.key("rooms"));
        AuthSection auth = service.auth(values.table(root, top, "auth"), top.key("auth"));
        TlsSection tls = network.tls(values.table(root, top, "tls"), top.key("tls"));
        LimitsSection limits = service.limits(values.table(root, top, "limits"), top.key("limits"));
        HistorySection history = service.history(values.table(root, top, "history"), top.key("history"));
        LogSection log = service.log(values.table(root, top, "log"), top.key("log"));
        List<CredentialSection> accounts = service.credentials(root, top.key("accounts"),
                ServiceSections.ACCOUNT_KEYS, "account");
        List<CredentialSection> operators = service.credentials(root, top.key("operators"),
                ServiceSections.OPERATOR_KEYS, "operator");
        WebSection web = network.web(values.table(root, top, "web"), top.key("web"));
        MetricsSection metrics = network.metrics(values.table(root, top, "metrics"), top.key("metrics"));
        return new ParleyConfig(server, listen, storage, rooms, auth, tls, limits, history, log, accounts,
                operators, Optional.of(file), web, metrics);
    }
}
