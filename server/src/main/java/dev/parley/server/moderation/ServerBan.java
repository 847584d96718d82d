package dev.parley.server.moderation;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One server ban: whom, why, who set it and when, and until when ({@code null}: until removed).
 * The reason is the operator's, shown to whoever the ban refuses.
 */
public record ServerBan(BanTarget target, String reason, String setBy, Instant setAt, Instant expiresAt) {

    public ServerBan {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(setBy, "setBy");
        Objects.requireNonNull(setAt, "setAt");
    }

    public Optional<Instant> expires() {
        return Optional.ofNullable(expiresAt);
    }

    /** Whether it holds at {@code now}: not yet expired. */
    public boolean activeAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }
}
