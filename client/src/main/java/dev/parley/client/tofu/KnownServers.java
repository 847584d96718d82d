package dev.parley.client.tofu;

import dev.parley.client.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The pinned server certificates, one {@code host:port FINGERPRINT} line per server, in the spirit
 * of ssh's known_hosts. Lines starting with '#' and lines this class does not understand are kept
 * as they are when the file is rewritten.
 */
public final class KnownServers {
    private final Path file;

    public KnownServers(Path file) {
        this.file = file;
    }

    /** {@code $XDG_CONFIG_HOME/parley/known_servers}, else {@code ~/.config/parley/known_servers}. */
    public static Path defaultFile(Map<String, String> environment, Path home) {
        String xdg = environment.get("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg) : home.resolve(".config");
        return config.resolve("parley").resolve("known_servers");
    }

    /** The key of a server in the file: "host:port", with IPv6 addresses in brackets. */
    public static String key(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.indexOf(':') >= 0 && !h.startsWith("[")) {
            h = "[" + h + "]";
        }
        return h + ":" + port;
    }

    public Path file() {
        return file;
    }

    /** The fingerprint pinned for this server, if any. */
    public Optional<String> pinned(String host, int port) throws IOException {
        String wanted = key(host, port);
        Optional<String> found = Optional.empty();
        for (String line : readLines()) {
            Entry entry = parse(line);
            if (entry != null && entry.key.equals(wanted)) {
                found = Optional.of(entry.fingerprint); // a later line wins, as a hand edit appended it
            }
        }
        return found;
    }

    /** Pins {@code fingerprint} for this server, replacing any earlier pin. */
    public void pin(String host, int port, String fingerprint) throws IOException {
        String wanted = key(host, port);
        String normalized = Fingerprints.normalize(fingerprint);
        List<String> lines = new ArrayList<>();
        if (Files.notExists(file)) {
            lines.add("# Parley: server certificates you trusted (host:port SHA-256 fingerprint).");
        }
        for (String line : readLines()) {
            Entry entry = parse(line);
            if (entry == null || !entry.key.equals(wanted)) {
                lines.add(line);
            }
        }
        lines.add(wanted + " " + normalized);
        write(lines);
    }

    private List<String> readLines() throws IOException {
        return PrivateFiles.readLines(file);
    }

    private void write(List<String> lines) throws IOException {
        PrivateFiles.write(file, lines);
    }

    private static Entry parse(String line) {
        String trimmed = line.trim();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return null;
        }
        String[] fields = trimmed.split("\\s+");
        if (fields.length < 2) {
            return null;
        }
        try {
            return new Entry(fields[0].toLowerCase(Locale.ROOT), Fingerprints.normalize(fields[1]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private record Entry(String key, String fingerprint) {
    }
}
