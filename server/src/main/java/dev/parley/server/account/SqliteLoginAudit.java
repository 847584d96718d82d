package dev.parley.server.account;

import dev.parley.server.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The trail of login attempts ({@code login_audit}): written as they happen, read by operators, pruned daily. */
final class SqliteLoginAudit {
    private final Database db;

    SqliteLoginAudit(Database db) {
        this.db = db;
    }

    void record(AuditEvent event) {
        db.write(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO login_audit "
                    + "(at, ip, account_name, mechanism, outcome) VALUES (?, ?, ?, ?, ?)")) {
                insert.setLong(1, event.at().toEpochMilli());
                insert.setString(2, event.ip());
                insert.setString(3, event.accountName());
                insert.setString(4, event.mechanism());
                insert.setString(5, event.outcome());
                return insert.executeUpdate();
            }
        });
    }

    List<AuditEvent> recent(int limit) {
        return db.read(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT at, ip, account_name, mechanism, outcome "
                    + "FROM login_audit ORDER BY at DESC, id DESC LIMIT ?")) {
                query.setInt(1, Math.max(0, limit));
                try (ResultSet row = query.executeQuery()) {
                    List<AuditEvent> events = new ArrayList<>();
                    while (row.next()) {
                        events.add(new AuditEvent(Instant.ofEpochMilli(row.getLong(1)), row.getString(2),
                                row.getString(3), row.getString(4), row.getString(5)));
                    }
                    return events;
                }
            }
        });
    }

    int prune(Instant before) {
        return db.write(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM login_audit WHERE at < ?")) {
                delete.setLong(1, before.toEpochMilli());
                return delete.executeUpdate();
            }
        });
    }
}
