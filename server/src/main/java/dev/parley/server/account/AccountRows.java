package dev.parley.server.account;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Reading the {@code accounts} table: the one place that knows its columns for an {@link Account}. */
final class AccountRows {
    /** The columns {@link #account} reads, for a SELECT. */
    static final String COLUMNS = "id, name, display_name, created_at, last_login_at, locked, "
            + "operator, (password_hash IS NULL AND legacy_sha256 IS NOT NULL) AS legacy";

    private AccountRows() {
    }

    static Optional<Account> findAccount(Connection c, String key) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM accounts WHERE name_key = ?")) {
            query.setString(1, key);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(account(row)) : Optional.empty();
            }
        }
    }

    static Optional<Long> idOf(Connection c, String key) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT id FROM accounts WHERE name_key = ?")) {
            query.setString(1, key);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
            }
        }
    }

    static Account account(ResultSet row) throws SQLException {
        long lastLogin = row.getLong("last_login_at");
        Optional<Instant> lastLoginAt = row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastLogin));
        return new Account(row.getLong("id"), row.getString("name"), row.getString("display_name"),
                Instant.ofEpochMilli(row.getLong("created_at")), lastLoginAt, row.getInt("locked") == 1,
                row.getInt("operator") == 1, row.getInt("legacy") == 1);
    }

    /** Lookups by an invalid name find nothing rather than throwing: names come from clients. */
    static Optional<String> keyOf(String name) {
        return AccountName.isValid(name) ? Optional.of(AccountName.casefold(name)) : Optional.empty();
    }
}
