package dev.parley.server.config;

import static dev.parley.server.config.TomlValues.hasControl;
import static dev.parley.server.config.TomlValues.hasSpaceOrControl;
import static dev.parley.server.config.TomlValues.quote;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.server.config.ParleyConfig.AuthSection;
import dev.parley.server.config.ParleyConfig.CredentialSection;
import dev.parley.server.config.ParleyConfig.HistorySection;
import dev.parley.server.config.ParleyConfig.LimitsSection;
import dev.parley.server.config.ParleyConfig.LogSection;
import dev.parley.server.config.ParleyConfig.RoomsSection;
import dev.parley.server.config.ParleyConfig.StorageSection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The sections about what the server keeps and allows: {@code [storage]}, {@code [rooms]},
 * {@code [auth]}, {@code [limits]}, {@code [history]}, {@code [log]}, and the
 * {@code [[accounts]]} and {@code [[operators]]} lists.
 */
final class ServiceSections {
    /** Longest room name accepted in {@code rooms.auto_join}, matching the usual CHANNELLEN. */
    static final int MAX_ROOM_NAME_LENGTH = 50;
    static final List<String> ACCOUNT_KEYS = List.of("name", "password", "display_name");
    static final List<String> OPERATOR_KEYS = List.of("name", "password");
    private static final List<String> STORAGE_KEYS = List.of("data_dir");
    private static final List<String> ROOMS_KEYS = List.of("auto_join");
    private static final List<String> AUTH_KEYS =
            List.of("allow_guests", "server_password", "self_registration", "reserve_account_nicks", "scram",
                    "scram_iterations", "audit_retention_days");
    private static final List<String> LIMITS_KEYS = List.of("messages_per_second", "message_burst",
            "max_connections_per_ip", "send_queue_bytes", "ping_interval_seconds", "ping_timeout_seconds",
            "max_rooms_per_user", "registration_timeout_seconds", "max_connections");
    private static final List<String> HISTORY_KEYS =
            List.of("enabled", "retention_days", "max_messages_per_target", "commands", "before_join");
    private static final List<String> LOG_KEYS = List.of("format");

    private final TomlValues values;

    ServiceSections(TomlValues values) {
        this.values = values;
    }

    StorageSection storage(ObjectNode node, KeyPath path) {
        Path dataDir = null;
        if (node != null) {
            values.onlyKnownKeys(node, path, STORAGE_KEYS);
            dataDir = values.path(node, path, "data_dir");
        }
        return new StorageSection(dataDir != null ? dataDir : values.resolve(StorageSection.defaults().dataDir()));
    }

    RoomsSection rooms(ObjectNode node, KeyPath path) {
        if (node == null) {
            return RoomsSection.defaults();
        }
        values.onlyKnownKeys(node, path, ROOMS_KEYS);
        List<String> autoJoin = values.strings(node, path, "auto_join", (i, room) -> {
            String wrong = roomNameProblem(room);
            if (wrong != null) {
                values.problem(path.key("auto_join").index(i), wrong);
            }
        });
        return autoJoin != null ? new RoomsSection(autoJoin) : RoomsSection.defaults();
    }

    AuthSection auth(ObjectNode node, KeyPath path) {
        AuthSection defaults = AuthSection.defaults();
        if (node == null) {
            return defaults;
        }
        values.onlyKnownKeys(node, path, AUTH_KEYS);
        Boolean allowGuests = values.bool(node, path, "allow_guests");
        String serverPassword = values.string(node, path, "server_password");
        if (serverPassword != null) {
            if (serverPassword.isEmpty()) {
                values.problem(path.key("server_password"), "must not be empty; leave it out to need no password");
            } else if (hasControl(serverPassword)) {
                values.problem(path.key("server_password"), "must not contain line breaks or control characters");
            }
        }
        Boolean selfRegistration = values.bool(node, path, "self_registration");
        Boolean reserveAccountNicks = values.bool(node, path, "reserve_account_nicks");
        Boolean scram = values.bool(node, path, "scram");
        // 4096 is SCRAM's floor (RFC 7677); beyond 10 million a login takes seconds on the client.
        Integer scramIterations = values.integer(node, path, "scram_iterations", 4096, 10_000_000);
        Integer auditRetentionDays = values.integer(node, path, "audit_retention_days", 1, 36_500);
        return new AuthSection(
                allowGuests != null ? allowGuests : defaults.allowGuests(),
                serverPassword != null ? Optional.of(serverPassword) : defaults.serverPassword(),
                selfRegistration != null ? selfRegistration : defaults.selfRegistration(),
                reserveAccountNicks != null ? reserveAccountNicks : defaults.reserveAccountNicks(),
                scram != null ? scram : defaults.scram(),
                scramIterations != null ? scramIterations : defaults.scramIterations(),
                auditRetentionDays != null ? auditRetentionDays : defaults.auditRetentionDays());
    }

    LimitsSection limits(ObjectNode node, KeyPath path) {
        LimitsSection d = LimitsSection.defaults();
        if (node == null) {
            return d;
        }
        values.onlyKnownKeys(node, path, LIMITS_KEYS);
        return new LimitsSection(
                values.positive(node, path, "messages_per_second", d.messagesPerSecond()),
                values.positive(node, path, "message_burst", d.messageBurst()),
                values.positive(node, path, "max_connections_per_ip", d.maxConnectionsPerIp()),
                values.positive(node, path, "send_queue_bytes", d.sendQueueBytes()),
                values.positive(node, path, "ping_interval_seconds", d.pingIntervalSeconds()),
                values.positive(node, path, "ping_timeout_seconds", d.pingTimeoutSeconds()),
                values.positive(node, path, "max_rooms_per_user", d.maxRoomsPerUser()),
                values.positive(node, path, "registration_timeout_seconds", d.registrationTimeoutSeconds()),
                values.positive(node, path, "max_connections", d.maxConnections()));
    }

    HistorySection history(ObjectNode node, KeyPath path) {
        HistorySection d = HistorySection.defaults();
        if (node == null) {
            return d;
        }
        values.onlyKnownKeys(node, path, HISTORY_KEYS);
        Boolean enabled = values.bool(node, path, "enabled");
        Integer retention = values.integer(node, path, "retention_days", 0, 100_000);
        Integer max = values.integer(node, path, "max_messages_per_target", 0, Integer.MAX_VALUE);
        List<String> commands = values.strings(node, path, "commands", (i, command) -> {
            if (!HistorySection.ALL_COMMANDS.contains(command)) {
                values.problem(path.key("commands").index(i), "unknown command " + quote(command)
                        + "; history can keep " + String.join(", ", HistorySection.ALL_COMMANDS));
            }
        });
        Boolean beforeJoin = values.bool(node, path, "before_join");
        return new HistorySection(
                enabled != null ? enabled : d.enabled(),
                retention != null ? retention : d.retentionDays(),
                max != null ? max : d.maxMessagesPerTarget(),
                commands != null ? new HashSet<>(commands) : d.commands(),
                beforeJoin != null ? beforeJoin : d.beforeJoin());
    }

    LogSection log(ObjectNode node, KeyPath path) {
        if (node == null) {
            return LogSection.defaults();
        }
        values.onlyKnownKeys(node, path, LOG_KEYS);
        String format = values.string(node, path, "format");
        if (format == null) {
            return LogSection.defaults();
        }
        for (LogSection.Format known : LogSection.Format.values()) {
            if (known.name().toLowerCase(Locale.ROOT).equals(format)) {
                return new LogSection(known);
            }
        }
        values.problem(path.key("format"), "must be \"text\" or \"json\", got " + quote(format));
        return LogSection.defaults();
    }

    List<CredentialSection> credentials(ObjectNode root, KeyPath path, List<String> keys, String what) {
        List<ObjectNode> tables = values.arrayOfTables(root, path);
        if (tables == null) {
            return List.of();
        }
        List<CredentialSection> result = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < tables.size(); i++) {
            ObjectNode node = tables.get(i);
            KeyPath at = path.index(i);
            values.onlyKnownKeys(node, at, keys);
            String name = values.string(node, at, "name");
            if (name == null && !node.has("name")) {
                values.problem(at, "name is missing");
            } else if (name != null && name.isEmpty()) {
                values.problem(at.key("name"), "must not be empty");
            } else if (name != null && hasSpaceOrControl(name)) {
                values.problem(at.key("name"), "must not contain spaces or control characters");
            } else if (name != null) {
                // Names are matched without regard to case, so "Jilles" and "jilles" are one name.
                Integer earlier = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), i);
                if (earlier != null) {
                    values.problem(at.key("name"), "same " + what + " name as " + path.index(earlier));
                }
            }
            String password = values.string(node, at, "password");
            if (password == null && !node.has("password")) {
                values.problem(at, "password is missing");
            } else if (password != null && password.isEmpty()) {
                values.problem(at.key("password"), "must not be empty");
            }
            String displayName = keys.contains("display_name") ? values.string(node, at, "display_name") : null;
            if (displayName != null && (displayName.isEmpty() || hasControl(displayName))) {
                values.problem(at.key("display_name"), "must be non-empty text without control characters");
            }
            result.add(new CredentialSection(name != null ? name : "", password != null ? password : "",
                    Optional.ofNullable(displayName)));
        }
        return result;
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
}
