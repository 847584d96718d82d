package dev.parley.server.account;

import java.time.Instant;
import java.util.Optional;

/**
 * What the server knows about an account apart from its secrets (those are in
 * {@link StoredCredentials}), so this can be logged, listed and passed around freely.
 *
 * @param name           as first written (the casefolded form is {@link #key()})
 * @param displayName    the person's real name, shown to others
 * @param legacyPassword true while the only password hash is an unsalted legacy SHA-256 from a
 *                       seed import, i.e. the member has not logged in since the import
 */
public record Account(
        long id,
        String name,
        String displayName,
        Instant createdAt,
        Optional<Instant> lastLoginAt,
        boolean locked,
        boolean operator,
        boolean legacyPassword) {

    /** The casefolded name, equal for all spellings of this account's name. */
    public String key() {
        return AccountName.casefold(name);
    }
}
