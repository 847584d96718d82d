package dev.parley.server;

import static dev.parley.server.HistoryClients.found;
import static dev.parley.server.HistoryClients.lines;
import static dev.parley.server.HistoryClients.member;
import static dev.parley.server.HistoryClients.page;
import static dev.parley.server.HistoryClients.start;
import static dev.parley.server.HistoryClients.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.history.HistoryRecord;
import dev.parley.server.testing.IrcTestClient;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Persistent history over real TLS, read back with CHATHISTORY, across a restart. */
class HistoryTest {
    private static final String CAPS = "sasl batch server-time message-tags account-tag echo-message labeled-response"
            + " draft/chathistory";

    @TempDir
    Path dataDir;

    private ParleyConfig config(ParleyConfig.HistorySection history) {
        return HistoryClients.config(dataDir, history);
    }

    /** Sends {@code count} lines to {@code target} and returns the echoes, one per line. */
    private static List<IrcMessage> say(IrcTestClient c, String target, int count) throws IOException {
        c.sync(); // others' lines that came before are not echoes
        List<IrcMessage> echoes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String text = "line " + i;
            c.send("PRIVMSG " + target + " :" + text);
            IrcMessage echo = c.await(m -> m.command().equals("PRIVMSG") && m.last().equals(text));
            echoes.add(echo);
            // Each line its own millisecond, so that bounds by time are as sharp as by id.
            long said = java.time.Instant.parse(echo.tags().get("time")).toEpochMilli();
            while (System.currentTimeMillis() <= said) {
                Thread.onSpinWait();
            }
        }
        return echoes;
    }

    @Test
    void historySurvivesARestartAndEverySubcommandReadsIt() throws Exception {
        List<IrcMessage> said;
        List<IrcMessage> toBob;
        try (ParleyServer server = start(config(ParleyConfig.HistorySection.defaults()), "alice", "bob");
             IrcTestClient alice = member(server, "alice", CAPS);
             IrcTestClient bob = member(server, "bob", CAPS)) {
            assertThat(server.context().isupport().get("CHATHISTORY")).isEqualTo("500");
            alice.ask("JOIN #hist");
            said = say(alice, "#hist", 10);
            toBob = say(alice, "bob", 2);
            assertThat(said).extracting(m -> m.tags().get("msgid")).doesNotContainNull().doesNotHaveDuplicates();
            bob.sync();
        }

        try (ParleyServer server = start(config(ParleyConfig.HistorySection.defaults()));
             IrcTestClient alice = member(server, "alice", CAPS);
             IrcTestClient bob = member(server, "bob", CAPS)) {
            alice.ask("JOIN #hist");
            String id0 = said.get(0).tags().get("msgid");
            String id3 = said.get(3).tags().get("msgid");
            String id6 = said.get(6).tags().get("msgid");
            String id7 = said.get(7).tags().get("msgid");
            String id9 = said.get(9).tags().get("msgid");
            String time3 = said.get(3).tags().get("time");
            String time9 = said.get(9).tags().get("time");

            List<IrcMessage> latest = page(alice, "CHATHISTORY LATEST #hist * 50", "#hist");
            assertThat(texts(latest)).containsExactlyElementsOf(lines(0, 10));
            // Replayed as relayed: same source, id, time and account as the echo.
            for (int i = 0; i < 10; i++) {
                assertThat(latest.get(i).source()).isEqualTo(said.get(i).source());
                assertThat(latest.get(i).tags()).containsEntry("msgid", said.get(i).tags().get("msgid"))
                        .containsEntry("time", said.get(i).tags().get("time")).containsEntry("account", "alice");
            }
            assertThat(texts(page(alice, "CHATHISTORY LATEST #hist * 3", "#hist"))).containsExactlyElementsOf(lines(7, 10));
            assertThat(texts(page(alice, "CHATHISTORY LATEST #hist msgid=" + id6 + " 50", "#hist")))
                    .containsExactlyElementsOf(lines(7, 10));
            assertThat(texts(page(alice, "CHATHISTORY BEFORE #hist msgid=" + id6 + " 50", "#hist")))
                    .containsExactlyElementsOf(lines(0, 6));
            assertThat(texts(page(alice, "CHATHISTORY BEFORE #hist msgid=" + id6 + " 2", "#hist")))
                    .containsExactlyElementsOf(lines(4, 6));
            assertThat(texts(page(alice, "CHATHISTORY AFTER #hist msgid=" + id3 + " 3", "#hist")))
                    .containsExactlyElementsOf(lines(4, 7));
            assertThat(texts(page(alice, "CHATHISTORY AFTER #hist timestamp=" + time3 + " 50", "#hist")))
                    .containsExactlyElementsOf(lines(4, 10));
            assertThat(texts(page(alice, "CHATHISTORY AROUND #hist msgid=" + id7 + " 3", "#hist")))
                    .containsExactlyElementsOf(lines(6, 9));
            assertThat(texts(page(alice, "CHATHISTORY AROUND #hist msgid=" + id7 + " 1", "#hist")))
                    .containsExactly("line 7");
            assertThat(texts(page(alice, "CHATHISTORY BETWEEN #hist msgid=" + id0 + " msgid=" + id9 + " 50", "#hist")))
                    .containsExactlyElementsOf(lines(1, 9));
            // Backwards, the limit counts from the first reference.
            assertThat(texts(page(alice, "CHATHISTORY BETWEEN #hist msgid=" + id9 + " msgid=" + id0 + " 3", "#hist")))
                    .containsExactlyElementsOf(lines(6, 9));
            assertThat(texts(page(alice, "CHATHISTORY BETWEEN #hist timestamp=" + time9 + " msgid=" + id3 + " 50",
                    "#hist"))).containsExactlyElementsOf(lines(4, 9));
            assertThat(page(alice, "CHATHISTORY BEFORE #hist msgid=nosuchid 50", "#hist")).isEmpty();

            // The private conversation, from both sides, under either's name in any case.
            assertThat(texts(page(alice, "CHATHISTORY LATEST bob * 50", "bob"))).containsExactly("line 0", "line 1");
            List<IrcMessage> bobsView = page(bob, "CHATHISTORY LATEST ALICE * 50", "ALICE");
            assertThat(texts(bobsView)).containsExactly("line 0", "line 1");
            assertThat(bobsView.get(0).params()).containsExactly("bob", "line 0");
            assertThat(bobsView.get(0).tags().get("msgid")).isEqualTo(toBob.get(0).tags().get("msgid"));

            List<IrcMessage> targets = alice.ask("CHATHISTORY TARGETS timestamp=2020-01-01T00:00:00.000Z"
                    + " timestamp=2262-01-01T00:00:00.000Z 10");
            assertThat(targets.get(0).params()).containsExactly(targets.get(0).param(0), "draft/chathistory-targets");
            assertThat(targets.subList(1, targets.size() - 1)).extracting(m -> m.param(1))
                    .containsExactly("#hist", "bob");
            assertThat(targets.get(2).param(2)).isEqualTo(toBob.get(1).tags().get("time"));
        }
    }

    @Test
    void onlyMembersReadARoomAndOnlyTheTwoPartiesAConversation() throws Exception {
        try (ParleyServer server = start(config(ParleyConfig.HistorySection.defaults()), "alice", "bob", "carol");
             IrcTestClient alice = member(server, "alice", CAPS);
             IrcTestClient bob = member(server, "bob", CAPS);
             IrcTestClient carol = member(server, "carol", CAPS)) {
            alice.ask("JOIN #secret");
            alice.ask("MODE #secret +s");
            say(alice, "#secret", 2);
            say(alice, "bob", 1);

            IrcMessage outsider = carol.ask("CHATHISTORY LATEST #secret * 10").get(0);
            IrcMessage nowhere = carol.ask("CHATHISTORY LATEST #nowhere * 10").get(0);
            assertThat(outsider.command()).isEqualTo("FAIL");
            assertThat(outsider.params()).containsExactly("CHATHISTORY", "INVALID_TARGET", "LATEST", "#secret",
                    outsider.last());
            // A secret room and no room look the same from outside.
            assertThat(nowhere.params().subList(0, 3)).isEqualTo(outsider.params().subList(0, 3));

            assertThat(page(carol, "CHATHISTORY LATEST bob * 10", "bob")).isEmpty();
            assertThat(page(carol, "CHATHISTORY LATEST alice * 10", "alice")).isEmpty();
            assertThat(texts(page(bob, "CHATHISTORY LATEST alice * 10", "alice"))).containsExactly("line 0");

            // Joining lets carol read the room, from before she came (the default).
            carol.ask("JOIN #secret");
            assertThat(texts(page(carol, "CHATHISTORY LATEST #secret * 10", "#secret")))
                    .containsExactly("line 0", "line 1");
        }
    }

    @Test
    void aMessageToAMemberWhoIsNotConnectedWaitsForThem() throws Exception {
        try (ParleyServer server = start(config(ParleyConfig.HistorySection.defaults()), "alice", "bob")) {
            try (IrcTestClient alice = member(server, "alice", CAPS)) {
                List<IrcMessage> answer = alice.ask("PRIVMSG bob :are you coming on Friday?");
                // The echo last: it waits for the message to be stored.
                assertThat(answer).extracting(IrcMessage::command).containsExactly("301", "PRIVMSG");
                assertThat(answer.get(0).params()).startsWith("alice", "bob");
                assertThat(alice.ask("PRIVMSG nobody :hello?")).extracting(IrcMessage::command).containsExactly("401");
            }
            try (IrcTestClient bob = member(server, "bob", CAPS)) {
                List<IrcMessage> targets = bob.ask("CHATHISTORY TARGETS timestamp=2020-01-01T00:00:00.000Z"
                        + " timestamp=2262-01-01T00:00:00.000Z 10");
                assertThat(targets.subList(1, targets.size() - 1)).extracting(m -> m.param(1)).containsExactly("alice");
                List<IrcMessage> waiting = page(bob, "CHATHISTORY AFTER alice timestamp=2020-01-01T00:00:00.000Z 10",
                        "alice");
                assertThat(waiting).extracting(IrcMessage::params)
                        .containsExactly(List.of("bob", "are you coming on Friday?"));
            }
        }
    }

    @Test
    void readMarkersAreSharedByAMembersClientsAndSurviveARestart() throws Exception {
        String marker = "timestamp=2026-11-30T08:00:00.000Z";
        try (ParleyServer server = start(config(ParleyConfig.HistorySection.defaults()), "alice");
             IrcTestClient phone = member(server, "alice", CAPS + " draft/read-marker")) {
            phone.ask("NICK alicephone");
            try (IrcTestClient laptop = member(server, "alice", CAPS + " draft/read-marker")) {
                assertThat(phone.ask("MARKREAD #room").get(0).params()).containsExactly("#room", "*");
                assertThat(phone.ask("MARKREAD #Room " + marker).get(0).params()).containsExactly("#Room", marker);
                assertThat(laptop.await("MARKREAD").params()).containsExactly("#Room", marker);
                // Never backwards: an older time is answered with the one kept.
                assertThat(laptop.ask("MARKREAD #room timestamp=2020-01-01T00:00:00.000Z").get(0).params())
                        .containsExactly("#room", marker);
                assertThat(laptop.ask("MARKREAD #room *").get(0).params()).startsWith("MARKREAD", "INVALID_PARAMS");
                assertThat(laptop.ask("MARKREAD").get(0).params()).startsWith("MARKREAD", "NEED_MORE_PARAMS");
            }
        }
        try (ParleyServer server = start(config(ParleyConfig.HistorySection.defaults()));
             IrcTestClient again = member(server, "alice", CAPS + " draft/read-marker")) {
            List<IrcMessage> joined = again.ask("JOIN #room");
            List<String> commands = joined.stream().map(IrcMessage::command).toList();
            assertThat(commands).containsSubsequence("JOIN", "MARKREAD", "366");
            assertThat(joined.get(commands.indexOf("MARKREAD")).params()).containsExactly("#room", marker);
        }
    }

    @Test
    void aRedactedMessageLeavesHistoryAndOnlyItsSenderOrAnOperatorMayRedact() throws Exception {
        String caps = CAPS + " draft/message-redaction";
        try (ParleyServer server = start(config(ParleyConfig.HistorySection.defaults()), "alice", "bob", "carol");
             IrcTestClient alice = member(server, "alice", caps);
             IrcTestClient bob = member(server, "bob", caps);
             IrcTestClient carol = member(server, "carol", CAPS)) {
            alice.ask("JOIN #room"); // alice makes the room: its operator
            bob.ask("JOIN #room");
            carol.ask("JOIN #room");
            String bobs = say(bob, "#room", 2).get(0).tags().get("msgid");
            String alices = say(alice, "#room", 1).get(0).tags().get("msgid");
            alice.sync();
            bob.sync();
            carol.sync();

            IrcMessage forbidden = bob.ask("REDACT #room " + alices).get(0);
            assertThat(forbidden.params()).startsWith("REDACT", "REDACT_FORBIDDEN", "#room", alices);
            assertThat(bob.ask("REDACT #room nosuchid").get(0).params())
                    .startsWith("REDACT", "UNKNOWN_MSGID", "#room", "nosuchid");
            assertThat(carol.ask("REDACT #elsewhere " + alices).get(0).params())
                    .startsWith("REDACT", "INVALID_TARGET", "#elsewhere");

            // The operator takes bob's first line away: bob hears of it; carol, without the capability, does not.
            IrcMessage done = alice.ask("REDACT #room " + bobs + " :off topic").get(0);
            assertThat(done.command()).isEqualTo("REDACT");
            assertThat(done.params()).containsExactly("#room", bobs, "off topic");
            assertThat(bob.await("REDACT").params()).containsExactly("#room", bobs, "off topic");
            assertThat(carol.sync()).extracting(IrcMessage::command).doesNotContain("REDACT");
            assertThat(texts(page(carol, "CHATHISTORY LATEST #room * 10", "#room"))).containsExactly("line 1", "line 0");
        }
    }

    @Test
    void searchFindsWhatTheAskerMayReadAndNothingElse() throws Exception {
        String caps = CAPS + " soju.im/search draft/message-redaction";
        try (ParleyServer server = start(config(ParleyConfig.HistorySection.defaults()), "alice", "bob", "carol");
             IrcTestClient alice = member(server, "alice", caps);
             IrcTestClient bob = member(server, "bob", caps);
             IrcTestClient carol = member(server, "carol", caps)) {
            alice.ask("JOIN #club");
            bob.ask("JOIN #club");
            carol.ask("JOIN #other");
            // Each line awaited by its text: alice's own echo comes once her line is stored,
            // which may be after bob's answer has reached her.
            alice.send("PRIVMSG #club :The Friday meeting moves to room 4");
            bob.await(heard("The Friday meeting moves to room 4"));
            bob.send("PRIVMSG #club :Is the friday REPORT ready?");
            alice.await(heard("Is the friday REPORT ready?"));
            bob.send("PRIVMSG alice :my report is late, sorry");
            alice.await(heard("my report is late, sorry"));
            carol.ask("PRIVMSG #other :the report for friday is secret");

            assertThat(texts(found(alice, "SEARCH text=friday"))).containsExactly(
                    "The Friday meeting moves to room 4", "Is the friday REPORT ready?");
            assertThat(texts(found(alice, "SEARCH text=report"))).containsExactly(
                    "Is the friday REPORT ready?", "my report is late, sorry");
            assertThat(texts(found(alice, "SEARCH in=bob;text=report"))).containsExactly("my report is late, sorry");
            assertThat(texts(found(alice, "SEARCH in=#club;from=bob"))).containsExactly("Is the friday REPORT ready?");
            assertThat(texts(found(alice, "SEARCH text=report;limit=1"))).containsExactly("my report is late, sorry");
            // Words are words, not FTS5 syntax.
            assertThat(found(alice, "SEARCH text=friday\\sOR\\ssecret")).isEmpty();
            assertThat(texts(found(carol, "SEARCH text=friday"))).containsExactly("the report for friday is secret");
            assertThat(carol.ask("SEARCH in=#club;text=friday").get(0).params()).startsWith("SEARCH", "INVALID_PARAMS");
            assertThat(alice.ask("SEARCH colour=red").get(0).params()).startsWith("SEARCH", "INVALID_PARAMS");

            // A redacted message is gone from search too.
            String late = found(bob, "SEARCH text=late").get(0).tags().get("msgid");
            bob.ask("REDACT alice " + late);
            assertThat(found(alice, "SEARCH text=late")).isEmpty();
        }
    }

    @Test
    void aRenamedRoomKeepsItsMembersAndItsHistory() throws Exception {
        try (ParleyServer server = start(config(ParleyConfig.HistorySection.defaults()), "alice", "bob");
             IrcTestClient alice = member(server, "alice", CAPS + " draft/channel-rename no-implicit-names");
             IrcTestClient bob = member(server, "bob", CAPS)) {
            assertThat(alice.ask("JOIN #old")).extracting(IrcMessage::command).doesNotContain("353", "366");
            bob.ask("JOIN #old");
            say(alice, "#old", 2);
            bob.sync();
            assertThat(bob.ask("RENAME #old #new :better name")).extracting(IrcMessage::command).containsExactly("482");
            List<IrcMessage> renamed = alice.ask("RENAME #old #new :better name");
            assertThat(renamed).singleElement().satisfies(m -> {
                assertThat(m.command()).isEqualTo("RENAME");
                assertThat(m.params()).containsExactly("#old", "#new", "better name");
            });
            // Without the capability: the old room parted, the new one joined, with its names.
            assertThat(bob.sync()).extracting(IrcMessage::command).containsSubsequence("PART", "JOIN", "353", "366");
            assertThat(texts(page(bob, "CHATHISTORY LATEST #new * 10", "#new"))).containsExactly("line 0", "line 1");
            say(bob, "#new", 1);
            assertThat(alice.await("PRIVMSG").params()).containsExactly("#new", "line 0");
            assertThat(bob.ask("JOIN #old")).extracting(IrcMessage::command).contains("JOIN"); // a new, empty room
        }
    }

    @Test
    void membersSeeOnlyWhatCameAfterTheyJoinedWhenTheConfigSaysSo() throws Exception {
        ParleyConfig.HistorySection d = ParleyConfig.HistorySection.defaults();
        ParleyConfig.HistorySection sinceJoin = new ParleyConfig.HistorySection(true, d.retentionDays(),
                d.maxMessagesPerTarget(), d.commands(), false);
        try (ParleyServer server = start(config(sinceJoin), "alice", "bob");
             IrcTestClient alice = member(server, "alice", CAPS);
             IrcTestClient bob = member(server, "bob", CAPS)) {
            alice.ask("JOIN #room");
            say(alice, "#room", 2);
            bob.ask("JOIN #room");
            alice.send("PRIVMSG #room :after bob came");
            bob.await("PRIVMSG");
            assertThat(texts(page(bob, "CHATHISTORY LATEST #room * 10", "#room"))).containsExactly("after bob came");
            assertThat(texts(page(alice, "CHATHISTORY LATEST #room * 10", "#room")))
                    .containsExactly("line 0", "line 1", "after bob came");
        }
    }

    @Test
    void theEchoWaitsForTheMessageToBeStoredAndNobodyElseDoes() throws Exception {
        try (ParleyServer server = start(config(ParleyConfig.HistorySection.defaults()), "alice", "bob");
             IrcTestClient alice = member(server, "alice", CAPS);
             IrcTestClient bob = member(server, "bob", CAPS)) {
            alice.ask("JOIN #room");
            bob.ask("JOIN #room");
            alice.sync();
            HistoryClients.whileHistoryCannotCommit(server, release -> {
                alice.send("PRIVMSG #room :wait for me");
                IrcMessage heard = bob.await("PRIVMSG");
                assertThat(heard.last()).isEqualTo("wait for me");
                alice.socket().setSoTimeout(500);
                assertThatThrownBy(alice::next).as("no echo before the message is stored")
                        .isInstanceOf(SocketTimeoutException.class);
                release.now();
                alice.socket().setSoTimeout(10_000);
                IrcMessage echo = alice.await("PRIVMSG");
                assertThat(echo.tags().get("msgid")).isEqualTo(heard.tags().get("msgid"));
                assertThat(storedIds()).contains(echo.tags().get("msgid"));
            });
        }
    }

    /** The msgids in the database file, read as another process would. */
    private Set<String> storedIds() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("parley.db"));
             PreparedStatement s = c.prepareStatement("SELECT msgid FROM history");
             ResultSet rows = s.executeQuery()) {
            Set<String> ids = new java.util.HashSet<>();
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            return ids;
        }
    }

    @Test
    void eventsAreReplayedOnlyToClientsThatAskForThem() throws Exception {
        try (ParleyServer server = start(config(ParleyConfig.HistorySection.defaults()), "alice", "bob");
             IrcTestClient alice = member(server, "alice", CAPS + " draft/event-playback");
             IrcTestClient bob = member(server, "bob", CAPS)) {
            alice.ask("JOIN #room");
            alice.ask("TOPIC #room :a topic");
            bob.ask("JOIN #room");
            say(alice, "#room", 1);
            alice.sync();
            assertThat(page(alice, "CHATHISTORY LATEST #room * 10", "#room")).extracting(IrcMessage::command)
                    .containsExactly("JOIN", "TOPIC", "JOIN", "PRIVMSG");
            assertThat(page(bob, "CHATHISTORY LATEST #room * 10", "#room")).extracting(IrcMessage::command)
                    .containsExactly("PRIVMSG");
        }
    }

    @Test
    void badRequestsGetStandardReplies() throws Exception {
        try (ParleyServer server = start(config(ParleyConfig.HistorySection.defaults()), "alice");
             IrcTestClient alice = member(server, "alice", CAPS)) {
            alice.ask("JOIN #room");
            assertThat(alice.ask("CHATHISTORY LATEST #room").get(0).params())
                    .startsWith("CHATHISTORY", "NEED_MORE_PARAMS", "LATEST");
            assertThat(alice.ask("CHATHISTORY SIDEWAYS #room * 10").get(0).params())
                    .startsWith("CHATHISTORY", "UNKNOWN_COMMAND", "SIDEWAYS");
            assertThat(alice.ask("CHATHISTORY BEFORE #room * 10").get(0).params())
                    .startsWith("CHATHISTORY", "INVALID_PARAMS", "BEFORE");
            assertThat(alice.ask("CHATHISTORY LATEST #room timestamp=yesterday 10").get(0).params())
                    .startsWith("CHATHISTORY", "INVALID_PARAMS", "LATEST");
            assertThat(alice.ask("CHATHISTORY LATEST #room * none").get(0).params())
                    .startsWith("CHATHISTORY", "INVALID_PARAMS", "LATEST");
            // A labeled request gets its page as the labeled batch itself.
            List<IrcMessage> labeled = alice.ask("@label=q1 CHATHISTORY LATEST #room * 10");
            assertThat(labeled.get(0).tags()).containsEntry("label", "q1");
            assertThat(labeled.get(0).param(1)).isEqualTo("chathistory");
        }
    }

    @Test
    void retentionDeletesWhatIsTooOldAndKeepsTheNewestOfAFullRoom() throws Exception {
        ParleyConfig.HistorySection d = ParleyConfig.HistorySection.defaults();
        ParleyConfig.HistorySection small = new ParleyConfig.HistorySection(true, 30, 3, d.commands(), true);
        try (ParleyServer server = start(config(small), "alice");
             IrcTestClient alice = member(server, "alice", CAPS)) {
            // Stored before anything else, as it would have been a month ago.
            long longAgo = System.currentTimeMillis() - java.util.concurrent.TimeUnit.DAYS.toMillis(31);
            synchronized (server.context().state().lock()) {
                server.history().record(HistoryRecord.room("#old", "oldid", longAgo, null,
                        IrcMessage.from("someone!u@h", "PRIVMSG", "#old", "from last month")));
            }
            alice.ask("JOIN #room");
            alice.ask("JOIN #old");
            say(alice, "#old", 1);
            say(alice, "#room", 5);
            assertThat(page(alice, "CHATHISTORY LATEST #old * 10", "#old")).hasSize(2);
            server.history().purge();
            assertThat(texts(page(alice, "CHATHISTORY LATEST #old * 10", "#old"))).containsExactly("line 0");
            assertThat(texts(page(alice, "CHATHISTORY LATEST #room * 10", "#room")))
                    .containsExactly("line 2", "line 3", "line 4");
        }
    }

    @Test
    void withHistoryOffNothingIsKeptOrOffered() throws Exception {
        try (ParleyServer server = start(config(ParleyConfig.HistorySection.defaults().withEnabled(false)), "alice");
             IrcTestClient alice = IrcTestClient.connectTls(server.boundAddresses().get(0),
                     server.certificateFingerprint().orElseThrow())) {
            assertThat(alice.capLs()).doesNotContain("draft/chathistory").doesNotContain("soju.im/search")
                    .contains("draft/read-marker");
            assertThat(server.context().isupport().has("CHATHISTORY")).isFalse();
        }
    }

    private static Predicate<IrcMessage> heard(String text) {
        return m -> m.command().equals("PRIVMSG") && m.last().equals(text);
    }
}
