package dev.parley.server.moderation;

import dev.parley.server.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The audit log as an administrator reads it: login attempts ({@code login_audit}) and operator
 * actions ({@code operator_actions}) together, newest first.
 */
public final class AuditTrail {
    private final Database db;

    /** One line of the log. For a login: the account tried, the mechanism and the outcome. */
    public record Entry(Instant at, String who, String address, String event, String detail) {
    }

    public AuditTrail(Database db) {
        this.db = db;
    }

    /**
     * The newest {@code limit} entries since {@code since}; with {@code account}, only logins as that
     * account and actions by it or against it (by name or {@code $a:name}), names compared without case.
     */
    public List<Entry> read(Optional<String> account, Instant since, int limit) {
        List<Object> loginParams = new ArrayList<>(List.of(since.toEpochMilli()));
        List<Object> actionParams = new ArrayList<>(loginParams);
        String loginFilter = "";
        String actionFilter = "";
        if (account.isPresent()) {
            String name = account.get().toLowerCase(Locale.ROOT);
            loginFilter = " AND lower(account_name) = ?";
            loginParams.add(name);
            actionFilter = " AND (lower(operator) = ? OR lower(target) IN (?, ?))";
            actionParams.addAll(List.of(name, name, "$a:" + name));
        }
        loginParams.add(limit);
        actionParams.add(limit);
        String logins = "SELECT at, account_name, ip, mechanism, outcome FROM login_audit WHERE at >= ?"
                + loginFilter + " ORDER BY at DESC, id DESC LIMIT ?";
        String actions = "SELECT at, operator, address, action, trim(target || ' ' || detail) FROM operator_actions "
                + "WHERE at >= ?" + actionFilter + " ORDER BY at DESC, id DESC LIMIT ?";
        return db.read(c -> {
            List<Entry> entries = new ArrayList<>(query(c, logins, loginParams));
            entries.addAll(query(c, actions, actionParams));
            entries.sort(Comparator.comparing(Entry::at).reversed());
            return List.copyOf(entries.subList(0, Math.min(limit, entries.size())));
        });
    }

    private static List<Entry> query(Connection c, String sql, List<Object> params) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                select.setObject(i + 1, params.get(i));
            }
            List<Entry> entries = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    entries.add(new Entry(Instant.ofEpochMilli(row.getLong(1)), row.getString(2), row.getString(3),
                            row.getString(4), row.getString(5)));
                }
            }
            return entries;
        }
    }
}
