package dev.parley.server.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The SQL of retention: finding what is too old and deleting it a chunk at a time. */
final class HistoryPurge {
    private HistoryPurge() {
    }

    /**
     * The first id of a message said at or after {@code cutoffMs}: ids follow time, so a binary
     * search over ids finds it with a few point reads, and no index of times is kept.
     */
    static long firstIdFrom(Connection connection, long cutoffMs) throws SQLException {
        long low;
        long high;
        try (PreparedStatement statement = connection.prepareStatement("SELECT min(id), max(id) FROM history");
             ResultSet rows = statement.executeQuery()) {
            if (!rows.next() || rows.getObject(1) == null) {
                return 0;
            }
            low = rows.getLong(1);
            high = rows.getLong(2) + 1;
        }
        try (PreparedStatement at = connection.prepareStatement(
                "SELECT id, time_ms FROM history WHERE id >= ? ORDER BY id LIMIT 1")) {
            // Invariant: everything below low is older than the cutoff; high is at or after it.
            while (low < high) {
                long middle = low + (high - low) / 2;
                at.setLong(1, middle);
                try (ResultSet rows = at.executeQuery()) {
                    if (!rows.next()) {
                        high = middle;
                    } else if (rows.getLong(2) < cutoffMs) {
                        low = rows.getLong(1) + 1;
                    } else {
                        high = middle;
                    }
                }
            }
        }
        return low;
    }

    /** Deletes up to {@code chunk} messages with ids below {@code id}; how many went. */
    static int deleteBelow(Connection connection, long id, int chunk) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM history WHERE id IN (SELECT id FROM history WHERE id < ? ORDER BY id LIMIT ?)")) {
            statement.setLong(1, id);
            statement.setInt(2, chunk);
            return statement.executeUpdate();
        }
    }

    /** Forgets the latest activity of targets whose latest message is older than {@code cutoffMs}. */
    static void forgetQuietTargets(Connection connection, long cutoffMs) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM history_targets WHERE latest_ms < ?")) {
            statement.setLong(1, cutoffMs);
            statement.executeUpdate();
        }
    }

    /** Targets holding more than {@code max} messages. */
    static List<String> overfull(Connection connection, int max) throws SQLException {
        List<String> targets = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT target FROM history GROUP BY target HAVING COUNT(*) > ?")) {
            statement.setInt(1, max);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    targets.add(rows.getString(1));
                }
            }
        }
        return targets;
    }

    /** Keeps only the newest {@code max} messages of {@code target}; how many went. */
    static int trim(Connection connection, String target, int max) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM history WHERE target = ? AND id <= "
                        + "(SELECT id FROM history WHERE target = ? ORDER BY id DESC LIMIT 1 OFFSET ?)")) {
            statement.setString(1, target);
            statement.setString(2, target);
            statement.setInt(3, max);
            return statement.executeUpdate();
        }
    }

}
