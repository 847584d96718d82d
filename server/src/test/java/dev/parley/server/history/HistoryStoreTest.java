package dev.parley.server.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.account.SqliteAccountStore;
import dev.parley.server.history.HistoryRequest.Kind;
import dev.parley.server.history.HistoryRequest.Ref;
import dev.parley.server.store.Database;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQL of history against a real SQLite file. */
class HistoryStoreTest {
    @TempDir
    Path dir;
    Database db;

    @BeforeEach
    void open() {
        db = Database.open(dir);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void insert(HistoryRecord... records) {
        db.write(c -> {
            long first = SearchIndex.catchUp(c);
            List<SearchIndex.Entry> said = new java.util.ArrayList<>();
            HistoryStore.insert(c, List.of(records), first, said);
            new SearchIndex().write(c, said, first + records.length - 1);
            return null;
        });
    }

    private List<StoredMessage> page(HistoryRequest request) {
        return db.read(c -> HistoryStore.page(c, request));
    }

    private List<TargetActivity> targets(List<String> rooms, Identity who) {
        return db.read(c -> HistoryStore.targets(c, rooms, who, 0, 2_000, 10));
    }

    private static HistoryRecord said(String target, String id, long time, String text) {
        return HistoryRecord.room(target, id, time, null, IrcMessage.from("a!u@h", "PRIVMSG", target, text));
    }

    @Test
    void clientTagsAreKeptAndServerTagsComeBackFromTheirColumns() {
        IrcMessage relayed = new IrcMessage(Map.of("+draft/reply", "abc", "msgid", "id1", "time", "x", "batch", "b"),
                "a!u@h", "PRIVMSG", List.of("#r", "hello there"));
        HistoryRecord record = HistoryRecord.room("#r", "id1", 1_000, "alice", relayed);
        // Dropped as the record is made, not as it is written: a record waiting for the writer holds no more.
        assertThat(record.message().tags()).containsOnlyKeys("+draft/reply");
        insert(record);
        StoredMessage stored = page(new HistoryRequest(List.of("#r"), Kind.LATEST, new Ref.None(), null, 10, false, 0))
                .get(0);
        assertThat(stored.line()).isEqualTo("@+draft/reply=abc :a!u@h PRIVMSG #r :hello there");
        IrcMessage replayed = stored.toMessage();
        assertThat(replayed.tags()).containsEntry("msgid", "id1").containsEntry("account", "alice")
                .containsEntry("time", "1970-01-01T00:00:01.000Z").containsEntry("+draft/reply", "abc")
                .doesNotContainKey("batch");
    }

    @Test
    void aTransactionOfManyBatchesStoresAndIndexesEveryRowOnce() {
        // More rows than one batch handed to SQLite, and not a multiple of it.
        int count = SearchIndex.ROWS_PER_BATCH * 2 + 37;
        List<HistoryRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(said("#r", "m" + i, 1_000 + i, "word" + i + " common"));
        }
        insert(records.toArray(new HistoryRecord[0]));
        long[] rows = db.read(c -> {
            try (var s = c.createStatement();
                 var all = s.executeQuery("SELECT (SELECT count(*) FROM history),"
                         + " (SELECT count(*) FROM history_text WHERE history_text MATCH 'common'),"
                         + " (SELECT rowid FROM history_text WHERE history_text MATCH 'word300')")) {
                all.next();
                return new long[] {all.getLong(1), all.getLong(2), all.getLong(3)};
            }
        });
        assertThat(rows[0]).isEqualTo(count);
        assertThat(rows[1]).isEqualTo(count);
        long idOf300 = db.read(c -> {
            try (var s = c.prepareStatement("SELECT id FROM history WHERE msgid = 'm300'"); var r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        });
        assertThat(rows[2]).isEqualTo(idOf300);
    }

    @Test
    void timestampsAreExclusiveBoundsAndEventsOnlyWhenAskedFor() {
        List<HistoryRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(said("#r", "m" + i, 1_000 + i * 10, "line " + i));
        }
        records.add(2, HistoryRecord.room("#r", "join", 1_015, null, IrcMessage.from("b!u@h", "JOIN", "#r")));
        insert(records.toArray(new HistoryRecord[0]));
        HistoryRequest after = new HistoryRequest(List.of("#r"), Kind.AFTER, new Ref.Time(1_010), null, 10, false, 0);
        assertThat(page(after)).extracting(StoredMessage::msgid).containsExactly("m2", "m3", "m4");
        HistoryRequest withEvents = new HistoryRequest(List.of("#r"), Kind.AFTER, new Ref.Time(1_010), null, 10, true, 0);
        assertThat(page(withEvents)).extracting(StoredMessage::msgid).containsExactly("join", "m2", "m3", "m4");
        HistoryRequest between = new HistoryRequest(List.of("#r"), Kind.BETWEEN, new Ref.Time(1_040),
                new Ref.Time(1_000), 2, false, 0);
        assertThat(page(between)).extracting(StoredMessage::msgid).containsExactly("m2", "m3");
        HistoryRequest notBefore = new HistoryRequest(List.of("#r"), Kind.LATEST, new Ref.None(), null, 10, false, 1_030);
        assertThat(page(notBefore)).extracting(StoredMessage::msgid).containsExactly("m3", "m4");
        // A message id from another target is no reference here.
        insert(said("#other", "elsewhere", 1_020, "x"));
        HistoryRequest foreign = new HistoryRequest(List.of("#r"), Kind.BEFORE, new Ref.Msgid("elsewhere"), null, 10,
                false, 0);
        assertThat(page(foreign)).isEmpty();
    }

    @Test
    void removingAnAccountForgetsItsPrivateConversationsOnly() {
        SqliteAccountStore accounts = new SqliteAccountStore(db);
        accounts.create("Alice", "Alice A", "alice-password");
        accounts.create("bob", "Bob B", "bob-password");
        Conversation aliceBob = Conversation.between(Identity.ofAccount("Alice"), Identity.ofAccount("bob"));
        Conversation bobGuest = Conversation.between(Identity.ofAccount("bob"), Identity.ofGuest("zed", "Zed"));
        insert(HistoryRecord.conversation(aliceBob, "p1", 1_000, "Alice",
                        IrcMessage.from("Alice!u@h", "PRIVMSG", "bob", "hi bob")),
                HistoryRecord.conversation(bobGuest, "p2", 1_001, "bob",
                        IrcMessage.from("bob!u@h", "PRIVMSG", "Zed", "hi zed")),
                said("#r", "r1", 1_002, "in the room"));
        assertThat(targets(List.of("#r"), Identity.ofAccount("bob")))
                .extracting(TargetActivity::peerName).containsExactly("Alice", "Zed", null);

        assertThat(accounts.remove("alice")).isTrue();

        assertThat(page(new HistoryRequest(List.of(aliceBob.key()), Kind.LATEST, new Ref.None(), null, 10, false, 0)))
                .isEmpty();
        assertThat(page(new HistoryRequest(List.of(bobGuest.key()), Kind.LATEST, new Ref.None(), null, 10, false, 0)))
                .hasSize(1);
        assertThat(page(new HistoryRequest(List.of("#r"), Kind.LATEST, new Ref.None(), null, 10, false, 0))).hasSize(1);
        assertThat(targets(List.of(), Identity.ofAccount("bob")))
                .extracting(TargetActivity::peerName).containsExactly("Zed");
    }
}
