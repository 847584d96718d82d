package dev.parley.server.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The SQL of search: SQLite FTS5 over what was said, joined to history for who may read it. */
final class HistorySearch {
    private HistorySearch() {
    }

    /** The newest matches of {@code request}, oldest first. */
    static List<StoredMessage> search(Connection connection, SearchRequest request) throws SQLException {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        String from = "history h";
        if (!request.words().isEmpty()) {
            from = "history_text JOIN history h ON h.id = history_text.rowid";
            where.add("history_text MATCH ?");
            args.add(matchQuery(request.words()));
        } else {
            where.add("h." + HistoryStore.SAID);
        }
        List<String> scopes = new ArrayList<>();
        for (SearchRequest.RoomScope room : request.rooms()) {
            scopes.add("(h.target = ? AND h.time_ms >= ?)");
            args.add(room.target());
            args.add(room.notBeforeMs());
        }
        if (request.conversations() != null) {
            if (!request.conversations().isEmpty()) {
                scopes.add("h.target IN (" + HistoryStore.placeholders(request.conversations().size()) + ")");
                args.addAll(request.conversations());
            }
        } else if (request.identity() != null) {
            scopes.add("h.peer1 = ?");
            scopes.add("h.peer2 = ?");
            args.add(request.identity().key());
            args.add(request.identity().key());
        }
        if (scopes.isEmpty()) {
            return List.of();
        }
        where.add("(" + String.join(" OR ", scopes) + ")");
        where.add("h.time_ms > ?");
        where.add("h.time_ms < ?");
        args.add(request.afterMs());
        args.add(request.beforeMs());
        if (request.fromNick() != null) {
            // The sender is the line's source: ":nick!", after the client tags if there are any.
            String nick = likeEscaped(request.fromNick());
            where.add("(h.line LIKE ? ESCAPE '\\' OR h.line LIKE ? ESCAPE '\\')");
            args.add(":" + nick + "!%");
            args.add("@% :" + nick + "!%");
        }
        args.add(request.limit());
        String sql = "SELECT h.id, h.msgid, h.time_ms, h.command, h.account, h.line, h.multiline FROM " + from
                + " WHERE " + String.join(" AND ", where) + " ORDER BY h.id DESC LIMIT ?";
        List<StoredMessage> found = new ArrayList<>();
        try (PreparedStatement statement = HistoryStore.prepare(connection, sql, args); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                found.add(StoredMessage.from(rows));
            }
        }
        Collections.reverse(found);
        return found;
    }

    /** Each word as a quoted FTS5 string (so no word is taken for an operator), all required. */
    private static String matchQuery(List<String> words) {
        StringBuilder query = new StringBuilder();
        for (String word : words) {
            if (query.length() > 0) {
                query.append(' ');
            }
            query.append('"').append(word.replace("\"", "\"\"")).append('"');
        }
        return query.toString();
    }

    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

}
