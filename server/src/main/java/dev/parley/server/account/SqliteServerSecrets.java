package dev.parley.server.account;

import dev.parley.server.store.Database;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Random keys the server makes once and keeps ({@code server_secrets}), one per purpose: the
 * host-cloak key, and so on. Two first callers at once get the same key (INSERT OR IGNORE, then read).
 */
final class SqliteServerSecrets {
    private final Database db;
    private final SecureRandom random;

    SqliteServerSecrets(Database db, SecureRandom random) {
        this.db = db;
        this.random = random;
    }

    byte[] get(String purpose) {
        Objects.requireNonNull(purpose, "purpose");
        SqlSecret existing = db.read(c -> readSecret(c, purpose));
        if (existing.value != null) {
            return existing.value;
        }
        byte[] fresh = new byte[32];
        random.nextBytes(fresh);
        return db.write(c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT OR IGNORE INTO server_secrets (name, value) VALUES (?, ?)")) {
                insert.setString(1, purpose);
                insert.setBytes(2, fresh);
                insert.executeUpdate();
            }
            return readSecret(c, purpose).value;
        });
    }

    private record SqlSecret(byte[] value) {
    }

    private static SqlSecret readSecret(Connection c, String purpose) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT value FROM server_secrets WHERE name = ?")) {
            query.setString(1, purpose);
            try (ResultSet row = query.executeQuery()) {
                return new SqlSecret(row.next() ? row.getBytes(1) : null);
            }
        }
    }
}
