package dev.parley.server.config;

import static dev.parley.server.config.TomlValues.hasControl;
import static dev.parley.server.config.TomlValues.hasSpaceOrControl;
import static dev.parley.server.config.TomlValues.quote;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.server.config.ParleyConfig.AcmeSection;
import dev.parley.server.config.ParleyConfig.ListenSection;
import dev.parley.server.config.ParleyConfig.MetricsSection;
import dev.parley.server.config.ParleyConfig.ServerSection;
import dev.parley.server.config.ParleyConfig.TlsSection;
import dev.parley.server.config.ParleyConfig.WebSection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The sections about the server itself and where it listens: {@code [server]}, {@code [[listen]]},
 * {@code [web]}, {@code [metrics]}, {@code [tls]} and {@code [tls.acme]}.
 */
final class NetworkSections {
    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
    private static final Pattern SERVER_NAME = Pattern.compile(LABEL + "(?:\\." + LABEL + ")+");
    private static final Pattern LISTEN_HOST = Pattern.compile("[A-Za-z0-9.:%_-]+");
    private static final Pattern DOMAIN = Pattern.compile(LABEL + "(?:\\." + LABEL + ")*");
    /** An origin as browsers send it: scheme, host, and a port when not the scheme's own. */
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.:\\[\\]-]+");
    private static final List<String> SERVER_KEYS = List.of("name", "network", "description", "motd", "cloak_hosts");
    private static final List<String> LISTEN_KEYS = List.of("host", "port", "tls");
    private static final List<String> WEB_KEYS = List.of("enabled", "host", "port", "tls", "allowed_origins");
    private static final List<String> METRICS_KEYS = List.of("enabled", "host", "port");
    private static final List<String> TLS_KEYS = List.of("cert_file", "key_file", "acme");
    private static final List<String> ACME_KEYS = List.of("domains", "email", "directory", "agree_tos", "challenge",
            "http_port", "renew_before_days", "trust_file");

    private final TomlValues values;

    NetworkSections(TomlValues values) {
        this.values = values;
    }

    ServerSection server(ObjectNode node, KeyPath path) {
        ServerSection defaults = ServerSection.defaults();
        if (node == null) {
            return defaults;
        }
        values.onlyKnownKeys(node, path, SERVER_KEYS);
        String name = values.string(node, path, "name");
        if (name != null) {
            KeyPath at = path.key("name");
            if (name.length() > ConfigLoader.MAX_SERVER_NAME_LENGTH) {
                values.problem(at, "must be at most " + ConfigLoader.MAX_SERVER_NAME_LENGTH + " characters, got " + name.length());
            } else if (!SERVER_NAME.matcher(name).matches()) {
                values.problem(at, "must be a host-like name containing a dot, such as irc.example.org, got "
                        + quote(name));
            }
        }
        String network = values.string(node, path, "network");
        if (network != null) {
            if (network.isEmpty()) {
                values.problem(path.key("network"), "must not be empty");
            } else if (hasSpaceOrControl(network)) {
                values.problem(path.key("network"), "must not contain spaces or control characters");
            }
        }
        String description = values.string(node, path, "description");
        if (description != null && hasControl(description)) {
            values.problem(path.key("description"), "must not contain line breaks or control characters");
        }
        List<String> motd = values.strings(node, path, "motd", (i, line) -> {
            if (hasControl(line)) {
                values.problem(path.key("motd").index(i), "must not contain line breaks or control characters");
            }
        });
        Boolean cloakHosts = values.bool(node, path, "cloak_hosts");
        return new ServerSection(
                name != null ? name : defaults.name(),
                network != null ? network : defaults.network(),
                description != null ? description : defaults.description(),
                motd != null ? motd : defaults.motd(),
                cloakHosts != null ? cloakHosts : defaults.cloakHosts());
    }

    List<ListenSection> listen(ObjectNode root, KeyPath path) {
        List<ObjectNode> tables = values.arrayOfTables(root, path);
        if (tables == null) {
            return List.of(ListenSection.defaults());
        }
        if (tables.isEmpty()) {
            values.problem(path, "at least one listener is needed");
            return List.of(ListenSection.defaults());
        }
        List<ListenSection> result = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < tables.size(); i++) {
            ObjectNode node = tables.get(i);
            KeyPath at = path.index(i);
            values.onlyKnownKeys(node, at, LISTEN_KEYS);
            String host = listenHost(node, at);
            Integer port = values.integer(node, at, "port", 0, 65535);
            Boolean tls = values.bool(node, at, "tls");
            ListenSection listener = new ListenSection(
                    host != null ? host : ListenSection.defaults().host(),
                    port != null ? port : (tls == null || tls ? 6697 : 6667),
                    tls == null || tls);
            // Port 0 asks for a fresh ephemeral port each time, so those never clash.
            if (listener.port() != 0) {
                String where = listener.host().toLowerCase(Locale.ROOT) + ":" + listener.port();
                Integer earlier = seen.putIfAbsent(where, i);
                if (earlier != null) {
                    values.problem(node.has("port") ? at.key("port") : at,
                            "listens on " + where + " like " + path.index(earlier));
                }
            }
            result.add(listener);
        }
        return result;
    }

    WebSection web(ObjectNode node, KeyPath path) {
        WebSection d = WebSection.defaults();
        if (node == null) {
            return d;
        }
        values.onlyKnownKeys(node, path, WEB_KEYS);
        Endpoint at = endpoint(node, path, d.host(), d.port());
        Boolean tls = values.bool(node, path, "tls");
        List<String> origins = values.strings(node, path, "allowed_origins", (i, origin) -> {
            if (!ORIGIN.matcher(origin).matches()) {
                values.problem(path.key("allowed_origins").index(i),
                        "must be an origin such as https://chat.example.org, got " + quote(origin));
            }
        });
        return new WebSection(at.enabled(), at.host(), at.port(), tls == null || tls,
                origins != null ? origins : d.allowedOrigins());
    }

    MetricsSection metrics(ObjectNode node, KeyPath path) {
        MetricsSection d = MetricsSection.defaults();
        if (node == null) {
            return d;
        }
        values.onlyKnownKeys(node, path, METRICS_KEYS);
        Endpoint at = endpoint(node, path, d.host(), d.port());
        return new MetricsSection(at.enabled(), at.host(), at.port());
    }

    /** The keys a section of its own listener has: on unless it says not, where it listens. */
    private record Endpoint(boolean enabled, String host, int port) {
    }

    private Endpoint endpoint(ObjectNode node, KeyPath path, String defaultHost, int defaultPort) {
        Boolean enabled = values.bool(node, path, "enabled");
        String host = listenHost(node, path);
        Integer port = values.integer(node, path, "port", 0, 65535);
        return new Endpoint(enabled == null || enabled, host != null ? host : defaultHost,
                port != null ? port : defaultPort);
    }

    private String listenHost(ObjectNode node, KeyPath path) {
        String host = values.string(node, path, "host");
        if (host != null && !LISTEN_HOST.matcher(host).matches()) {
            values.problem(path.key("host"), "must be an IP address or host name, got " + quote(host));
            return null;
        }
        return host;
    }

    TlsSection tls(ObjectNode node, KeyPath path) {
        if (node == null) {
            return TlsSection.defaults();
        }
        values.onlyKnownKeys(node, path, TLS_KEYS);
        Path certFile = values.path(node, path, "cert_file");
        Path keyFile = values.path(node, path, "key_file");
        if (node.has("cert_file") && !node.has("key_file")) {
            values.problem(path.key("cert_file"), "key_file must be set too");
        } else if (node.has("key_file") && !node.has("cert_file")) {
            values.problem(path.key("key_file"), "cert_file must be set too");
        }
        AcmeSection acme = acme(values.table(node, path, "acme"), path.key("acme"));
        if (acme != null && (certFile != null || keyFile != null)) {
            values.problem(path.key("acme"), "cannot be used with cert_file and key_file; keep one or the other");
        }
        return new TlsSection(Optional.ofNullable(certFile), Optional.ofNullable(keyFile), Optional.ofNullable(acme));
    }

    private AcmeSection acme(ObjectNode node, KeyPath path) {
        if (node == null) {
            return null;
        }
        values.onlyKnownKeys(node, path, ACME_KEYS);
        List<String> domains = values.strings(node, path, "domains", (i, domain) -> {
            if (!DOMAIN.matcher(domain).matches() || domain.length() > 253) {
                values.problem(path.key("domains").index(i), "must be a host name such as chat.example.org"
                        + " (no wildcards: HTTP-01 and TLS-ALPN-01 cannot prove them), got " + quote(domain));
            }
        });
        if (domains == null && !node.has("domains")) {
            values.problem(path, "domains is missing: the names the certificate is for, such as [\"chat.example.org\"]");
        } else if (domains != null && domains.isEmpty()) {
            values.problem(path.key("domains"), "needs at least one name");
        }
        String email = values.string(node, path, "email");
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
            values.problem(path.key("email"), "must be an e-mail address, got " + quote(email));
        }
        URI directory = AcmeSection.LETS_ENCRYPT;
        String directoryText = values.string(node, path, "directory");
        if (directoryText != null) {
            try {
                directory = new URI(directoryText);
                if (!"https".equals(directory.getScheme()) || directory.getHost() == null) {
                    values.problem(path.key("directory"), "must be an https:// URL, got " + quote(directoryText));
                }
            } catch (URISyntaxException e) {
                values.problem(path.key("directory"), "not a URL: " + e.getReason());
            }
        }
        Boolean agreeTos = values.bool(node, path, "agree_tos");
        if (agreeTos == null || !agreeTos) {
            values.problem(node.has("agree_tos") ? path.key("agree_tos") : path, "agree_tos must be true: read the"
                    + " certificate authority's terms of service (linked from " + directory + ") and agree to them");
        }
        String challenge = values.string(node, path, "challenge");
        if (challenge != null && !challenge.equals(AcmeSection.HTTP_01) && !challenge.equals(AcmeSection.TLS_ALPN_01)) {
            values.problem(path.key("challenge"), "must be \"http-01\" or \"tls-alpn-01\", got " + quote(challenge));
        }
        Integer httpPort = values.integer(node, path, "http_port", 0, 65535);
        Integer renewBefore = values.integer(node, path, "renew_before_days", 1, 365);
        Path trustFile = values.path(node, path, "trust_file");
        return new AcmeSection(domains != null ? domains : List.of(), Optional.ofNullable(email), directory,
                agreeTos != null && agreeTos,
                challenge != null ? challenge : AcmeSection.HTTP_01,
                httpPort != null ? httpPort : AcmeSection.DEFAULT_HTTP_PORT,
                renewBefore != null ? renewBefore : AcmeSection.DEFAULT_RENEW_BEFORE_DAYS,
                Optional.ofNullable(trustFile));
    }
}
