package dev.parley.server.history;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcSerializer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of history: writing records, reading pages and targets, and forgetting. Every method
 * runs on a connection the caller holds in a transaction ({@code Database.read/write}); none of
 * it may run on an event loop.
 */
public final class HistoryStore {
    static final String SAID = "command IN ('PRIVMSG', 'NOTICE')";

    private HistoryStore() {
    }

    /**
     * Writes {@code records} in order under the ids {@code firstId}, {@code firstId + 1}..., and
     * brings the latest-activity table up to date; adds what they said to {@code said}, for the
     * {@link SearchIndex}. Ids are given by the writer, the only one that adds rows, so that the
     * search index can take the same one without a query per row.
     */
    static void insert(Connection connection, List<HistoryRecord> records, long firstId,
                       List<SearchIndex.Entry> said) throws SQLException {
        long id = firstId - 1;
        try (PreparedStatement row = connection.prepareStatement(
                "INSERT INTO history (id, target, peer1, peer2, msgid, time_ms, command, account, line, multiline)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement latest = connection.prepareStatement(
                     "INSERT INTO history_targets (target, peer1, peer2, peer1_name, peer2_name, latest_ms)"
                             + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (target) DO UPDATE SET"
                             + " latest_ms = max(latest_ms, excluded.latest_ms),"
                             + " peer1_name = coalesce(excluded.peer1_name, peer1_name),"
                             + " peer2_name = coalesce(excluded.peer2_name, peer2_name)")) {
            Map<String, HistoryRecord> latestByTarget = new LinkedHashMap<>();
            for (HistoryRecord record : records) {
                Conversation conversation = record.conversation();
                IrcMessage message = record.message();
                id++;
                row.setLong(1, id);
                row.setString(2, record.target());
                row.setString(3, conversation == null ? null : conversation.first().key());
                row.setString(4, conversation == null ? null : conversation.second().key());
                row.setString(5, record.msgid());
                row.setLong(6, record.timeMillis());
                row.setString(7, message.command());
                row.setString(8, record.account());
                row.setString(9, IrcSerializer.serialize(message)); // client-only tags only (HistoryRecord)
                row.setString(10, record.multiline() == null ? null : record.multiline().encoded());
                row.addBatch();
                if ((id - firstId + 1) % SearchIndex.ROWS_PER_BATCH == 0) {
                    row.executeBatch();
                }
                if (record.said()) {
                    latestByTarget.put(record.target(), record);
                    said.add(new SearchIndex.Entry(id, record.searchText()));
                }
            }
            row.executeBatch();
            for (HistoryRecord record : latestByTarget.values()) {
                Conversation conversation = record.conversation();
                latest.setString(1, record.target());
                latest.setString(2, conversation == null ? null : conversation.first().key());
                latest.setString(3, conversation == null ? null : conversation.second().key());
                latest.setString(4, conversation == null ? null : conversation.first().name());
                latest.setString(5, conversation == null ? null : conversation.second().name());
                latest.setLong(6, record.timeMillis());
                latest.addBatch();
            }
            latest.executeBatch();
        }
    }

    /** One page, oldest first. An unknown message id gives an empty page. */
    static List<StoredMessage> page(Connection connection, HistoryRequest request) throws SQLException {
        Query base = Query.base(request);
        switch (request.kind()) {
            case LATEST -> {
                if (request.first() instanceof HistoryRequest.Ref.None) {
                    return base.newestFirst(connection, request.limit());
                }
                Bound after = Bound.of(connection, request, request.first());
                return after == null ? List.of() : base.and(after.column + " > ?", after.value)
                        .newestFirst(connection, request.limit());
            }
            case BEFORE -> {
                Bound before = Bound.of(connection, request, request.first());
                return before == null ? List.of() : base.and(before.column + " < ?", before.value)
                        .newestFirst(connection, request.limit());
            }
            case AFTER -> {
                Bound after = Bound.of(connection, request, request.first());
                return after == null ? List.of() : base.and(after.column + " > ?", after.value)
                        .oldestFirst(connection, request.limit());
            }
            case BETWEEN -> {
                Bound a = Bound.of(connection, request, request.first());
                Bound b = Bound.of(connection, request, request.second());
                if (a == null || b == null) {
                    return List.of();
                }
                // From the first reference towards the second: forwards or backwards in time,
                // and the limit is counted from the first.
                if (a.before(b)) {
                    return base.and(a.column + " > ?", a.value).and(b.column + " < ?", b.value)
                            .oldestFirst(connection, request.limit());
                }
                return base.and(a.column + " < ?", a.value).and(b.column + " > ?", b.value)
                        .newestFirst(connection, request.limit());
            }
            case AROUND -> {
                Bound center = Bound.of(connection, request, request.first());
                if (center == null) {
                    return List.of();
                }
                List<StoredMessage> page = new ArrayList<>(base.and(center.column + " < ?", center.value)
                        .newestFirst(connection, (request.limit() - 1) / 2));
                page.addAll(base.and(center.column + " >= ?", center.value)
                        .oldestFirst(connection, request.limit() - page.size()));
                return page;
            }
            default -> throw new IllegalArgumentException(request.kind().toString());
        }
    }

    /**
     * Targets whose latest PRIVMSG/NOTICE was said strictly between {@code fromMs} and
     * {@code toMs}, earliest first: the rooms given, and the private conversations of
     * {@code identity} (null for none).
     */
    static List<TargetActivity> targets(Connection connection, List<String> rooms, Identity identity,
                                        long fromMs, long toMs, int limit) throws SQLException {
        List<String> who = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (!rooms.isEmpty()) {
            who.add("target IN (" + placeholders(rooms.size()) + ")");
            args.addAll(rooms);
        }
        if (identity != null) {
            who.add("peer1 = ?");
            who.add("peer2 = ?");
            args.add(identity.key());
            args.add(identity.key());
        }
        if (who.isEmpty()) {
            return List.of();
        }
        args.add(fromMs);
        args.add(toMs);
        args.add(limit);
        String sql = "SELECT target, peer1, peer1_name, peer2_name, latest_ms FROM history_targets"
                + " WHERE (" + String.join(" OR ", who) + ") AND latest_ms > ? AND latest_ms < ?"
                + " ORDER BY latest_ms, target LIMIT ?";
        List<TargetActivity> result = new ArrayList<>();
        try (PreparedStatement statement = prepare(connection, sql, args); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String peer1 = rows.getString(2);
                String peerName = peer1 == null ? null
                        : identity != null && peer1.equals(identity.key()) ? rows.getString(4) : rows.getString(3);
                result.add(new TargetActivity(rows.getString(1), peerName, rows.getLong(5)));
            }
        }
        return result;
    }

    /** The message {@code msgid} among {@code targets}, if history has it. */
    static java.util.Optional<StoredMessage> find(Connection connection, List<String> targets, String msgid)
            throws SQLException {
        List<Object> args = new ArrayList<>();
        args.add(msgid);
        args.addAll(targets);
        String sql = "SELECT " + StoredMessage.COLUMNS + " FROM history WHERE msgid = ? AND target IN ("
                + placeholders(targets.size()) + ") LIMIT 1";
        try (PreparedStatement statement = prepare(connection, sql, args); ResultSet rows = statement.executeQuery()) {
            return rows.next() ? java.util.Optional.of(StoredMessage.from(rows))
                    : java.util.Optional.empty();
        }
    }

    /**
     * Moves a room's history and latest activity to its new name. What a room of that name that
     * no longer exists left behind stays, as it does for a room made again under an old name.
     */
    static void rename(Connection connection, String oldTarget, String newTarget) throws SQLException {
        for (String table : List.of("history", "history_targets")) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE OR REPLACE " + table + " SET target = ? WHERE target = ?")) {
                statement.setString(1, newTarget);
                statement.setString(2, oldTarget);
                statement.executeUpdate();
            }
        }
    }

    /** Deletes the message {@code msgid} among {@code targets} (a redaction). */
    static void delete(Connection connection, List<String> targets, String msgid) throws SQLException {
        List<Object> args = new ArrayList<>();
        args.add(msgid);
        args.addAll(targets);
        try (PreparedStatement statement = prepare(connection, "DELETE FROM history WHERE msgid = ? AND target IN ("
                + placeholders(targets.size()) + ")", args)) {
            statement.executeUpdate();
        }
    }

    static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    static PreparedStatement prepare(Connection connection, String sql, List<Object> args) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < args.size(); i++) {
                statement.setObject(i + 1, args.get(i));
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /**
     * Where a message reference falls: a message id as its row (compared by {@code id}), a time
     * as itself (compared by {@code time_ms}).
     */
    private record Bound(String column, long value, long timeMs, long id) {
        static Bound of(Connection connection, HistoryRequest request, HistoryRequest.Ref ref) throws SQLException {
            if (ref instanceof HistoryRequest.Ref.Time time) {
                return new Bound("time_ms", time.epochMillis(), time.epochMillis(), -1);
            }
            if (!(ref instanceof HistoryRequest.Ref.Msgid msgid)) {
                throw new IllegalArgumentException("no message reference");
            }
            List<Object> args = new ArrayList<>();
            args.add(msgid.msgid());
            args.addAll(request.targets());
            String sql = "SELECT id, time_ms FROM history WHERE msgid = ? AND target IN ("
                    + placeholders(request.targets().size()) + ") LIMIT 1";
            try (PreparedStatement statement = prepare(connection, sql, args); ResultSet rows = statement.executeQuery()) {
                return rows.next() ? new Bound("id", rows.getLong(1), rows.getLong(2), rows.getLong(1)) : null;
            }
        }

        boolean before(Bound other) {
            if (timeMs != other.timeMs || id < 0 || other.id < 0) {
                return timeMs <= other.timeMs;
            }
            return id <= other.id;
        }
    }

    /** The part of a page's query every subcommand shares, plus its bounds. */
    private record Query(String where, List<Object> args) {
        static Query base(HistoryRequest request) {
            List<Object> args = new ArrayList<>(request.targets());
            args.add(request.notBeforeMs());
            String where = "target IN (" + placeholders(request.targets().size()) + ") AND time_ms >= ?"
                    + (request.events() ? "" : " AND " + SAID);
            return new Query(where, args);
        }

        Query and(String condition, long value) {
            List<Object> more = new ArrayList<>(args);
            more.add(value);
            return new Query(where + " AND " + condition, more);
        }

        List<StoredMessage> oldestFirst(Connection connection, int limit) throws SQLException {
            return select(connection, "ASC", limit);
        }

        List<StoredMessage> newestFirst(Connection connection, int limit) throws SQLException {
            List<StoredMessage> page = select(connection, "DESC", limit);
            Collections.reverse(page);
            return page;
        }

        private List<StoredMessage> select(Connection connection, String order, int limit) throws SQLException {
            if (limit <= 0) {
                return new ArrayList<>();
            }
            List<Object> all = new ArrayList<>(args);
            all.add(limit);
            String sql = "SELECT " + StoredMessage.COLUMNS + " FROM history WHERE " + where + " ORDER BY id " + order + " LIMIT ?";
            List<StoredMessage> page = new ArrayList<>();
            try (PreparedStatement statement = prepare(connection, sql, all); ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    page.add(StoredMessage.from(rows));
                }
            }
            return page;
        }
    }
}
