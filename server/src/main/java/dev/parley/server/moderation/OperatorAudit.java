package dev.parley.server.moderation;

import dev.parley.server.store.Database;
import java.sql.PreparedStatement;

/** Writes the {@code operator_actions} table; {@link AuditTrail} reads it. Blocks on disk. */
public final class OperatorAudit {
    private final Database db;

    public OperatorAudit(Database db) {
        this.db = db;
    }

    public void record(OperatorAction action) {
        db.write(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO operator_actions "
                    + "(at, operator, address, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setLong(1, action.at().toEpochMilli());
                insert.setString(2, action.operator());
                insert.setString(3, action.address());
                insert.setString(4, action.action());
                insert.setString(5, action.target());
                insert.setString(6, action.detail());
                return insert.executeUpdate();
            }
        });
    }
}
