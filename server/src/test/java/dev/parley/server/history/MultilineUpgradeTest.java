package dev.parley.server.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.history.HistoryRequest.Kind;
import dev.parley.server.history.HistoryRequest.Ref;
import dev.parley.server.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** History written before multiline messages were one entry becomes one entry when the schema is upgraded. */
class MultilineUpgradeTest {
    @TempDir
    Path dir;

    @Test
    void linesStoredOneByOneBecomeOneMessage() throws Exception {
        SQLiteDataSource old = new SQLiteDataSource();
        old.setUrl("jdbc:sqlite:" + dir.resolve(Database.FILE_NAME));
        Flyway.configure().dataSource(old).locations("classpath:db/migration/sqlite").target("5").load().migrate();
        try (Connection c = old.getConnection()) {
            // As the server stored them: a line, a multiline message of three lines, a line.
            row(c, 1, "aaaaaaa0000000000", "@+draft/reply=x :a!u@h PRIVMSG #r :before");
            row(c, 2, "bbbbbbb0000000000", ":a!u@h PRIVMSG #r :first of three");
            row(c, 3, "bbbbbbb0000000000-1", ":a!u@h PRIVMSG #r second");
            row(c, 4, "bbbbbbb0000000000-2", ":a!u@h PRIVMSG #r :::third");
            row(c, 5, "ccccccc0000000000", ":a!u@h PRIVMSG #r :after");
        }
        try (Database db = Database.open(dir)) {
            List<StoredMessage> page = db.read(c -> HistoryStore.page(c,
                    new HistoryRequest(List.of("#r"), Kind.LATEST, new Ref.None(), null, 10, false, 0)));
            assertThat(page).extracting(StoredMessage::msgid)
                    .containsExactly("aaaaaaa0000000000", "bbbbbbb0000000000", "ccccccc0000000000");
            assertThat(page.get(0).multiline()).isNull();
            assertThat(MultilineBody.decode(page.get(1).multiline()).lines()).extracting(MultilineBody.Line::text)
                    .containsExactly("first of three", "second", "::third");
            SearchRequest search = new SearchRequest(List.of(new SearchRequest.RoomScope("#r", 0)), null, null,
                    List.of("third"), null, Long.MIN_VALUE, Long.MAX_VALUE, 10);
            assertThat(db.<List<StoredMessage>>read(c -> HistorySearch.search(c, search))).extracting(StoredMessage::msgid)
                    .containsExactly("bbbbbbb0000000000");
            SearchRequest before = new SearchRequest(List.of(new SearchRequest.RoomScope("#r", 0)), null, null,
                    List.of("before"), null, Long.MIN_VALUE, Long.MAX_VALUE, 10);
            assertThat(db.<List<StoredMessage>>read(c -> HistorySearch.search(c, before))).hasSize(1);
        }
    }

    private static void row(Connection c, long id, String msgid, String line) throws Exception {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO history (id, target, msgid, time_ms, command,"
                + " line) VALUES (?, '#r', ?, ?, 'PRIVMSG', ?)");
             PreparedStatement text = c.prepareStatement("INSERT INTO history_text (rowid, text) VALUES (?, ?)")) {
            insert.setLong(1, id);
            insert.setString(2, msgid);
            insert.setLong(3, 1_000 + (msgid.contains("-") || msgid.startsWith("b") ? 1 : id));
            insert.setString(4, line);
            insert.executeUpdate();
            text.setLong(1, id);
            text.setString(2, line.substring(line.lastIndexOf(' ') + 1).replaceFirst("^:", ""));
            text.executeUpdate();
        }
    }
}
