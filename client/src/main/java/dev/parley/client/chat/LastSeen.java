package dev.parley.client.chat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The server time of the newest line the user saw live, kept in a {@link LastSeenFile} so that the
 * next run knows it too. Written at most once a minute while lines come, and when the connection
 * ends or the user leaves; a lost write only means a few private messages are shown again.
 */
final class LastSeen {
    private static final Duration SAVE_EVERY = Duration.ofMinutes(1);

    private final LastSeenFile file;
    private final String server;
    private final Clock clock;
    private String account;
    private Instant seen;
    private Instant saved;
    private Instant savedAt;

    /** @param file where to keep it, or null to keep it only while the client runs */
    LastSeen(LastSeenFile file, String server, Clock clock) {
        this.file = file;
        this.server = server;
        this.clock = clock;
    }

    void loggedIn(String loggedInAs) {
        if (loggedInAs == null || loggedInAs.equals(account)) {
            return;
        }
        account = loggedInAs;
        seen = null;
        if (file != null) {
            try {
                seen = file.read(server, account).orElse(null);
            } catch (IOException | RuntimeException e) {
                seen = null; // unreadable: the client falls back on the last days
            }
        }
        saved = seen;
    }

    Optional<Instant> get() {
        return Optional.ofNullable(seen);
    }

    void advance(Instant at) {
        if (at == null || (seen != null && !at.isAfter(seen))) {
            return;
        }
        seen = at;
        if (savedAt == null || !clock.instant().isBefore(savedAt.plus(SAVE_EVERY))) {
            save();
        }
    }

    void save() {
        if (file == null || account == null || seen == null || seen.equals(saved)) {
            return;
        }
        savedAt = clock.instant();
        try {
            file.write(server, account, seen);
            saved = seen;
        } catch (IOException e) {
            // Not fatal: without it the next login shows the private messages of a few more days.
        }
    }
}
