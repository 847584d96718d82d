package dev.parley.client.chat;

import dev.parley.client.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The time of the last message the client saw, per server and account, kept between runs in the
 * user's Parley folder beside known_servers, one {@code host:port account time} line each. It
 * tells the next login since when private messages are news, when the server keeps no read
 * markers for the user.
 */
public final class LastSeenFile {
    private final Path file;

    public LastSeenFile(Path file) {
        this.file = file;
    }

    /** {@code last_seen} in the folder of the given file (known_servers). */
    public static LastSeenFile beside(Path sibling) {
        return new LastSeenFile(sibling.toAbsolutePath().resolveSibling("last_seen"));
    }

    public Path file() {
        return file;
    }

    public Optional<Instant> read(String server, String account) throws IOException {
        Optional<Instant> found = Optional.empty();
        for (String line : PrivateFiles.readLines(file)) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3 && fields[0].equals(server) && fields[1].equals(account)) {
                try {
                    found = Optional.of(Instant.parse(fields[2]));
                } catch (DateTimeParseException e) {
                    // a hand-edited line the client cannot read: as if it were not there
                }
            }
        }
        return found;
    }

    public void write(String server, String account, Instant at) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : PrivateFiles.readLines(file)) {
            String[] fields = line.trim().split("\\s+");
            if (!(fields.length >= 2 && fields[0].equals(server) && fields[1].equals(account))) {
                lines.add(line);
            }
        }
        lines.add(server + " " + account + " " + at);
        PrivateFiles.write(file, lines);
    }
}
