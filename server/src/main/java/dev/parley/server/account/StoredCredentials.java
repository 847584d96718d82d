package dev.parley.server.account;

import java.util.Optional;

/**
 * An account together with the secrets a login is checked against. Kept apart from
 * {@link Account} so that secrets only travel where a login is being checked; {@link #toString()}
 * leaves them out.
 *
 * @param passwordHash  Argon2id PHC string, absent while only a legacy hash is known
 * @param scram         SCRAM-SHA-256 keys, absent while only a legacy hash is known
 * @param legacySha256  unsalted SHA-256 hex from a seed import, absent once upgraded
 */
public record StoredCredentials(
        Account account,
        Optional<String> passwordHash,
        Optional<ScramCredentials> scram,
        Optional<String> legacySha256) {

    @Override
    public String toString() {
        return "StoredCredentials[account=" + account.name()
                + ", passwordHash=" + (passwordHash.isPresent() ? "<hidden>" : "none")
                + ", scram=" + (scram.isPresent() ? "<hidden>" : "none")
                + ", legacySha256=" + (legacySha256.isPresent() ? "<hidden>" : "none") + "]";
    }
}
