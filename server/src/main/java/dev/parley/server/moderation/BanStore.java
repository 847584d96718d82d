package dev.parley.server.moderation;

import dev.parley.server.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code server_bans} table. Blocks on disk: never on an event loop. */
public final class BanStore {
    private final Database db;

    public BanStore(Database db) {
        this.db = db;
    }

    /** Every ban stored, expired or not, oldest first. */
    public List<ServerBan> all() {
        return db.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT kind, target, reason, set_by, set_at, "
                    + "expires_at FROM server_bans ORDER BY set_at, kind, target");
                 ResultSet row = select.executeQuery()) {
                List<ServerBan> bans = new ArrayList<>();
                while (row.next()) {
                    long expiresMillis = row.getLong(6);
                    Instant expires = row.wasNull() ? null : Instant.ofEpochMilli(expiresMillis);
                    bans.add(new ServerBan(new BanTarget(BanKind.ofColumn(row.getString(1)), row.getString(2)),
                            row.getString(3), row.getString(4), Instant.ofEpochMilli(row.getLong(5)), expires));
                }
                return bans;
            }
        });
    }

    /** Adds the ban, or replaces the one on the same target (new reason, new expiry). */
    public void put(ServerBan ban) {
        db.write(c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO server_bans (kind, target, reason, "
                    + "set_by, set_at, expires_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, target) DO UPDATE "
                    + "SET reason = excluded.reason, set_by = excluded.set_by, set_at = excluded.set_at, "
                    + "expires_at = excluded.expires_at")) {
                upsert.setString(1, ban.target().kind().column());
                upsert.setString(2, ban.target().text());
                upsert.setString(3, ban.reason());
                upsert.setString(4, ban.setBy());
                upsert.setLong(5, ban.setAt().toEpochMilli());
                if (ban.expiresAt() == null) {
                    upsert.setNull(6, Types.INTEGER);
                } else {
                    upsert.setLong(6, ban.expiresAt().toEpochMilli());
                }
                return upsert.executeUpdate();
            }
        });
    }

    /** Removes the ban on {@code target}; false when there was none. */
    public boolean remove(BanTarget target) {
        return db.write(c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM server_bans WHERE kind = ? AND target = ?")) {
                delete.setString(1, target.kind().column());
                delete.setString(2, target.text());
                return delete.executeUpdate() > 0;
            }
        });
    }

    /** Deletes the bans that expired by {@code now}; returns how many. */
    public int purgeExpired(Instant now) {
        return db.write(c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM server_bans WHERE expires_at IS NOT NULL AND expires_at <= ?")) {
                delete.setLong(1, now.toEpochMilli());
                return delete.executeUpdate();
            }
        });
    }
}
