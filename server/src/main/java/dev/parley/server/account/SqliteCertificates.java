package dev.parley.server.account;

import dev.parley.server.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The client-certificate fingerprints that log an account in by SASL EXTERNAL ({@code account_certificates}). */
final class SqliteCertificates {
    private static final Logger log = LoggerFactory.getLogger(SqliteCertificates.class);
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");

    private final Database db;
    private final Clock clock;

    SqliteCertificates(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    boolean add(String name, String fingerprint) {
        String fp = normalizeFingerprint(fingerprint);
        Optional<String> key = AccountRows.keyOf(name);
        if (key.isEmpty()) {
            return false;
        }
        long now = clock.millis();
        return db.write(c -> {
            Optional<Long> id = AccountRows.idOf(c, key.get());
            if (id.isEmpty()) {
                return false;
            }
            try (PreparedStatement owner = c.prepareStatement(
                    "SELECT account_id FROM account_certificates WHERE fingerprint = ?")) {
                owner.setString(1, fp);
                try (ResultSet row = owner.executeQuery()) {
                    if (row.next()) {
                        if (row.getLong(1) == id.get()) {
                            return true;
                        }
                        throw new IllegalArgumentException("that certificate already belongs to another account");
                    }
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO account_certificates (fingerprint, account_id, added_at) VALUES (?, ?, ?)")) {
                insert.setString(1, fp);
                insert.setLong(2, id.get());
                insert.setLong(3, now);
                insert.executeUpdate();
            }
            log.info("Added a certificate fingerprint to account {}", name);
            return true;
        });
    }

    boolean remove(String name, String fingerprint) {
        String fp = normalizeFingerprint(fingerprint);
        Optional<String> key = AccountRows.keyOf(name);
        if (key.isEmpty()) {
            return false;
        }
        return db.write(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM account_certificates WHERE fingerprint = ? "
                    + "AND account_id = (SELECT id FROM accounts WHERE name_key = ?)")) {
                delete.setString(1, fp);
                delete.setString(2, key.get());
                return delete.executeUpdate() == 1;
            }
        });
    }

    List<String> of(String name) {
        Optional<String> key = AccountRows.keyOf(name);
        if (key.isEmpty()) {
            return List.of();
        }
        return db.read(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT fingerprint FROM account_certificates "
                    + "WHERE account_id = (SELECT id FROM accounts WHERE name_key = ?) ORDER BY added_at, fingerprint")) {
                query.setString(1, key.get());
                try (ResultSet row = query.executeQuery()) {
                    List<String> fingerprints = new ArrayList<>();
                    while (row.next()) {
                        fingerprints.add(row.getString(1));
                    }
                    return fingerprints;
                }
            }
        });
    }

    Optional<Account> owner(String fingerprint) {
        String fp;
        try {
            fp = normalizeFingerprint(fingerprint);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return db.read(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT " + AccountRows.COLUMNS + " FROM accounts "
                    + "WHERE id = (SELECT account_id FROM account_certificates WHERE fingerprint = ?)")) {
                query.setString(1, fp);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(AccountRows.account(row)) : Optional.empty();
                }
            }
        });
    }

    static String normalizeFingerprint(String fingerprint) {
        String fp = fingerprint == null ? "" : fingerprint.replace(":", "").strip().toLowerCase(Locale.ROOT);
        if (!FINGERPRINT.matcher(fp).matches()) {
            throw new IllegalArgumentException("a certificate fingerprint must be a SHA-256 in hex (64 digits)");
        }
        return fp;
    }
}
