package dev.parley.server.account;

import dev.parley.server.store.Database;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;

/**
 * The secret columns of {@code accounts}: a password's Argon2id hash and SCRAM keys, and the
 * legacy SHA-256 a seed import left until the first login replaces it.
 *
 * <p>Secrets are derived ({@link #derive}) before the write transaction starts, so the single
 * writer is never held for the length of an Argon2 computation.
 */
final class SqliteCredentials {
    private final Database db;
    private final PasswordHasher hasher;
    private final int scramIterations;
    private final SecureRandom random;

    /** What is stored when a password is set. */
    record Secrets(String passwordHash, ScramCredentials scram) {
        /**
         * Sets password_hash, scram_salt, scram_iterations, scram_stored_key and scram_server_key,
         * in that order, from parameter {@code first} on.
         */
        void bind(PreparedStatement statement, int first) throws SQLException {
            statement.setString(first, passwordHash);
            statement.setBytes(first + 1, scram == null ? null : scram.salt());
            if (scram == null) {
                statement.setNull(first + 2, Types.INTEGER);
            } else {
                statement.setInt(first + 2, scram.iterations());
            }
            statement.setBytes(first + 3, scram == null ? null : scram.storedKey());
            statement.setBytes(first + 4, scram == null ? null : scram.serverKey());
        }
    }

    /** @param scramIterations PBKDF2 iterations of new SCRAM keys; 0 keeps no SCRAM keys at all */
    SqliteCredentials(Database db, PasswordHasher hasher, int scramIterations, SecureRandom random) {
        this.db = db;
        this.hasher = hasher;
        this.scramIterations = scramIterations;
        this.random = random;
    }

    /**
     * Hashes a password (slow and memory-hungry: outside any transaction).
     *
     * @throws IllegalArgumentException if the password is not acceptable
     */
    Secrets derive(String password) {
        checkPassword(password);
        return new Secrets(hasher.hash(password),
                scramIterations == 0 ? null : ScramCredentials.generate(password, scramIterations, random));
    }

    /** @param key the casefolded account name */
    Optional<StoredCredentials> find(String key) {
        return db.read(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT " + AccountRows.COLUMNS + ", password_hash, "
                    + "scram_salt, scram_iterations, scram_stored_key, scram_server_key, legacy_sha256 "
                    + "FROM accounts WHERE name_key = ?")) {
                query.setString(1, key);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    Optional<ScramCredentials> scram = row.getBytes("scram_salt") == null ? Optional.empty()
                            : Optional.of(new ScramCredentials(row.getBytes("scram_salt"), row.getInt("scram_iterations"),
                                    row.getBytes("scram_stored_key"), row.getBytes("scram_server_key")));
                    return Optional.of(new StoredCredentials(AccountRows.account(row),
                            Optional.ofNullable(row.getString("password_hash")), scram,
                            Optional.ofNullable(row.getString("legacy_sha256"))));
                }
            }
        });
    }

    /**
     * Gives the account the secrets of a new password and forgets its legacy hash.
     *
     * @param key the casefolded account name
     * @return whether there was such an account
     */
    boolean setPassword(String key, String password) {
        Secrets secrets = derive(password);
        return db.write(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE accounts SET password_hash = ?, "
                    + "scram_salt = ?, scram_iterations = ?, scram_stored_key = ?, scram_server_key = ?, "
                    + "legacy_sha256 = NULL WHERE name_key = ?")) {
                secrets.bind(update, 1);
                update.setString(6, key);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** See {@link AccountStore#forgetScramKeys}. */
    int forgetScramKeys() {
        return db.write(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE accounts SET scram_salt = NULL, "
                    + "scram_iterations = NULL, scram_stored_key = NULL, scram_server_key = NULL "
                    + "WHERE scram_salt IS NOT NULL")) {
                return update.executeUpdate();
            }
        });
    }

    /** See {@link AccountStore#scramKeysOutdated}. */
    boolean scramKeysOutdated(StoredCredentials credentials) {
        return scramIterations == 0 ? credentials.scram().isPresent()
                : credentials.scram().map(k -> k.iterations() < scramIterations).orElse(true);
    }

    /** NUL, CR and LF cannot be sent in an IRC line or SASL PLAIN, so such a password could never be used. */
    private static void checkPassword(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("password is empty");
        }
        if (password.indexOf('\0') >= 0 || password.indexOf('\r') >= 0 || password.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("password contains NUL, CR or LF");
        }
    }
}
