package dev.parley.client.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.render.Renderer;
import dev.parley.client.testing.MutableClock;
import dev.parley.client.testing.TestConsole;
import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * History (draft/chathistory) in the chat, without any network: room history on joining, the
 * names of its senders, lines held until names are known, and private messages from while the
 * user was away, with read markers or the time of the last message seen.
 */
class ChatHistoryTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String ME = "m19803021";
    private static final Set<String> CAPS = Set.of("extended-join", "echo-message", "batch", "draft/chathistory",
            "server-time", "message-tags", "account-tag");
    private static final String GREETED = "All set, type 'QUIT' to leave...";

    private final TestConsole console = new TestConsole(true);
    private final List<IrcMessage> sent = new ArrayList<>();
    private final MutableClock clock = new MutableClock(NOW);
    private ChatSession session;

    @TempDir
    Path dir;

    /** Logged in, through the MOTD, and into #lobby (its own JOIN echo, names not known yet). */
    private void start(Set<String> caps, String isupport) {
        startWithout(caps, isupport);
        server(":" + ME + "!19803021@h JOIN #lobby 19803021 :Pranav Gupta");
    }

    private void startWithout(Set<String> caps, String isupport) {
        if (session == null) {
            session = new ChatSession(console, new Renderer(ZoneOffset.UTC, clock), clock);
        }
        session.connected("19803021", ME, "19803021", caps, sent::add);
        server(":parley.local 005 " + ME + " CASEMAPPING=rfc1459 WHOX " + isupport + " :are supported");
        server(":parley.local 376 " + ME + " :End of /MOTD command.");
    }

    private void server(String line) {
        try {
            session.onServerMessage(IrcParser.parse(line));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void whoReply(String nick, String account, String realName) {
        server(":parley.local 354 " + ME + " 1 " + nick + " " + account + " :" + realName);
    }

    private void endOfWho(String mask) {
        server(":parley.local 315 " + ME + " " + mask + " :End of WHO list");
    }

    private void emptyHistory(String room) {
        server(":parley.local BATCH +e" + room.hashCode() + " chathistory " + room);
        server(":parley.local BATCH -e" + room.hashCode());
    }

    private List<String> sentLines() {
        return sent.stream().map(IrcMessage::toString).toList();
    }

    /** What was shown after the greeting. */
    private List<String> shown() {
        List<String> lines = console.lines();
        int greeted = lines.indexOf(GREETED);
        return greeted < 0 ? lines : lines.subList(greeted + 1, lines.size());
    }

    // -- history on joining a room -------------------------------------------------

    @Test
    void showsARoomsHistoryAsEarlierLinesWithRealNamesAndTimes() {
        start(CAPS, "");
        assertThat(sentLines()).containsSubsequence("WHO #lobby %tnar,1", "CHATHISTORY LATEST #lobby * 20");
        whoReply("rita", "19803022", "Ritawari Pareek"); // in the room
        endOfWho("#lobby");
        server(":parley.local BATCH +h1 chathistory #lobby");
        server("@batch=h1;time=2026-11-30T22:15:00.000Z;msgid=a0;account=19803022 :rita!r@h PRIVMSG #lobby :Notes are up");
        server("@batch=h1;time=2026-12-01T10:00:00.000Z;msgid=a1 :rita!r@h JOIN #lobby");
        server("@batch=h1;time=2026-12-01T10:00:30.000Z;msgid=a2;account=19803022 :rita!r@h PRIVMSG #lobby :Good morning");
        server("@batch=h1;time=2026-12-01T10:02:00.000Z;msgid=a3;account=19803021 :" + ME + "_!x@h PRIVMSG #lobby :Morning!");
        server("@batch=h1;time=2026-12-01T10:03:00.000Z;msgid=a4;account=19803099 :oldtimer!o@h NOTICE #lobby :Lab closes at six");
        server("@batch=h1;time=2026-12-01T10:04:00.000Z;msgid=a5;account=19803098 :ghost!g@h PRIVMSG #lobby :boo");
        server(":parley.local BATCH -h1");

        // Those who left are looked up before anything is shown; those in the room are known.
        assertThat(sentLines()).containsSubsequence("WHO oldtimer %tnar,1", "WHOWAS oldtimer 1",
                "WHO ghost %tnar,1", "WHOWAS ghost 1");
        assertThat(sentLines()).doesNotContain("WHOWAS rita 1");
        assertThat(shown()).isEmpty();
        endOfWho("oldtimer");
        server(":parley.local 314 " + ME + " oldtimer o h * :Old Timer");
        server(":parley.local 312 " + ME + " oldtimer parley.local :Tue Dec  1 09:00:00 2026");
        server(":parley.local 369 " + ME + " oldtimer :End of WHOWAS");
        assertThat(shown()).isEmpty();
        endOfWho("ghost");
        server(":parley.local 406 " + ME + " ghost :There was no such nickname");
        server(":parley.local 369 " + ME + " ghost :End of WHOWAS");

        assertThat(shown()).containsExactly(
                "--- earlier in #lobby ---",
                "[2026-11-30 22:15] <<Ritawari Pareek>> : Notes are up",
                "[10:00] <<Ritawari Pareek>> : Good morning",
                "[10:02] <<You>> : Morning!",
                "[10:03] -Old Timer- Lab closes at six",
                "[10:04] <<ghost>> : boo",
                "--- now ---");
        server("@time=2026-12-01T12:00:00.000Z :rita!r@h PRIVMSG #lobby :Live now");
        assertThat(shown()).last().isEqualTo("<<Ritawari Pareek>> : Live now");
    }

    @Test
    void historyTimesAreLocal() {
        session = new ChatSession(console, new Renderer(ZoneId.of("Asia/Kolkata"), clock), clock);
        start(CAPS, "");
        whoReply("rita", "19803022", "Ritawari Pareek");
        endOfWho("#lobby");
        server(":parley.local BATCH +h chathistory #lobby");
        server("@batch=h;time=2026-12-01T10:00:00.000Z :rita!r@h PRIVMSG #lobby :hi");
        server(":parley.local BATCH -h");
        assertThat(shown()).contains("[15:30] <<Ritawari Pareek>> : hi");
    }

    @Test
    void anEmptyOrFailedHistorySaysNothing() {
        start(CAPS, "");
        endOfWho("#lobby");
        emptyHistory("#lobby");
        session.onTyped("/join #cn-lab");
        server(":" + ME + "!19803021@h JOIN #cn-lab 19803021 :Pranav Gupta");
        assertThat(sentLines()).contains("CHATHISTORY LATEST #cn-lab * 20");
        server("@time=2026-12-01T12:00:00.000Z :sanskar!s@h PRIVMSG #cn-lab :anyone?");
        server(":parley.local FAIL CHATHISTORY MESSAGE_ERROR LATEST #cn-lab :Messages could not be retrieved");
        whoReply("sanskar", "19803023", "Sanskar Gupta");
        endOfWho("#cn-lab");
        assertThat(shown()).containsExactly("Now talking in #cn-lab.", "<<Sanskar Gupta>> : anyone?");
    }

    @Test
    void linesOfOtherBatchesAreLiveLines() {
        start(CAPS, "");
        whoReply("rita", "19803022", "Ritawari Pareek");
        endOfWho("#lobby");
        emptyHistory("#lobby");
        server(":parley.local BATCH +lr labeled-response");
        server("@batch=lr :rita!r@h PRIVMSG #lobby :in a labelled batch");
        server(":parley.local BATCH -lr");
        server(":parley.local BATCH +ns netsplit a.example b.example");
        server("@batch=ns :rita!r@h QUIT :a.example b.example");
        server(":parley.local BATCH -ns");
        assertThat(shown()).containsExactly("<<Ritawari Pareek>> : in a labelled batch",
                "Ritawari Pareek has left the chat. (a.example b.example)");
    }

    @Test
    void asksForAScreenfulAndNoMoreThanTheServerAllows() {
        console.height(12);
        start(CAPS, "");
        assertThat(sentLines()).contains("CHATHISTORY LATEST #lobby * 8");

        sent.clear();
        session.disconnected();
        startWithout(CAPS, "CHATHISTORY=5");
        server(":" + ME + "!19803021@h JOIN #cn-lab 19803021 :Pranav Gupta");
        assertThat(sentLines()).contains("CHATHISTORY LATEST #cn-lab * 5");
    }

    @Test
    void heldLiveLinesComeAfterTheHistory() {
        start(CAPS, "");
        server("@time=2026-12-01T12:00:00.000Z :rita!r@h PRIVMSG #lobby :live hi");
        whoReply("rita", "19803022", "Ritawari Pareek");
        endOfWho("#lobby");
        assertThat(shown()).isEmpty(); // the history is not in yet
        server(":parley.local BATCH +h chathistory #lobby");
        server("@batch=h;time=2026-12-01T10:00:00.000Z :rita!r@h PRIVMSG #lobby :earlier hi");
        server(":parley.local BATCH -h");
        assertThat(shown()).containsExactly("--- earlier in #lobby ---", "[10:00] <<Ritawari Pareek>> : earlier hi",
                "--- now ---", "<<Ritawari Pareek>> : live hi");
    }

    @Test
    void neverHoldsForever() {
        start(Set.of("extended-join"), "");
        server(":rita!r@h PRIVMSG #lobby :one");
        assertThat(shown()).isEmpty();
        clock.advance(Rooms.MAX_HOLD.plusSeconds(1));
        server("PING :parley.local"); // anything from the server: the WHO will not be answered now
        assertThat(shown()).containsExactly("<<rita>> : one");

        session.onTyped("/join #cn-lab");
        server(":" + ME + "!19803021@h JOIN #cn-lab 19803021 :Pranav Gupta");
        server(":sanskar!s@h PRIVMSG #cn-lab :two");
        server(":" + ME + "!19803021@h PART #cn-lab");
        assertThat(shown()).containsSubsequence("<<sanskar>> : two", "You left #cn-lab.");

        server(":" + ME + "!19803021@h JOIN #lobby 19803021 :Pranav Gupta");
        server(":rita!r@h PRIVMSG #lobby :three");
        session.disconnected();
        assertThat(shown()).last().isEqualTo("<<rita>> : three");
    }

    @Test
    void aLineSeenLiveIsNotShownAgainFromHistory() {
        start(CAPS, "");
        whoReply("rita", "19803022", "Ritawari Pareek");
        endOfWho("#lobby");
        emptyHistory("#lobby");
        server("@time=2026-12-01T12:00:00.000Z;msgid=x1 :rita!r@h PRIVMSG #lobby :once");
        server(":parley.local BATCH +h chathistory #lobby");
        server("@batch=h;time=2026-12-01T12:00:00.000Z;msgid=x1 :rita!r@h PRIVMSG #lobby :once");
        server(":parley.local BATCH -h");
        assertThat(shown()).containsExactly("<<Ritawari Pareek>> : once");
    }

    // -- private messages from while the user was away ------------------------------

    @Test
    void showsPrivateMessagesAfterTheReadMarkersAndMovesThem() {
        Set<String> caps = new HashSet<>(CAPS);
        caps.add("draft/read-marker");
        start(caps, "");
        assertThat(sentLines()).contains(
                "CHATHISTORY TARGETS timestamp=2026-11-24T12:00:00.000Z timestamp=2026-12-02T12:00:00.000Z 50");
        endOfWho("#lobby");
        emptyHistory("#lobby");
        server(":parley.local BATCH +t draft/chathistory-targets");
        server("@batch=t :parley.local CHATHISTORY TARGETS #lobby 2026-12-01T11:00:00.000Z");
        server("@batch=t :parley.local CHATHISTORY TARGETS rita 2026-12-01T09:30:00.000Z");
        server("@batch=t :parley.local CHATHISTORY TARGETS sanskar 2026-11-30T08:00:00.000Z");
        server(":parley.local BATCH -t");
        assertThat(sentLines()).containsSubsequence("MARKREAD rita", "MARKREAD sanskar");
        assertThat(sentLines()).doesNotContain("MARKREAD #lobby");

        server(":parley.local MARKREAD rita timestamp=2026-12-01T09:00:00.000Z");
        assertThat(sentLines()).last().isEqualTo("CHATHISTORY AFTER rita timestamp=2026-12-01T09:00:00.000Z 50");
        server(":parley.local MARKREAD sanskar timestamp=2026-11-30T08:00:00.000Z"); // read on another client
        assertThat(sentLines()).noneMatch(line -> line.startsWith("CHATHISTORY AFTER sanskar"));

        server(":parley.local BATCH +p chathistory rita");
        server("@batch=p;time=2026-12-01T09:10:00.000Z;msgid=p1;account=19803022 :rita!r@h PRIVMSG " + ME
                + " :Are you coming to the lab?");
        server("@batch=p;time=2026-12-01T09:20:00.000Z;msgid=p2;account=19803021 :" + ME + "!x@h PRIVMSG rita :On my way");
        server("@batch=p;time=2026-12-01T09:30:00.000Z;msgid=p3;account=19803022 :rita!r@h PRIVMSG " + ME + " :Great");
        server(":parley.local BATCH -p");
        whoReply("rita", "19803022", "Ritawari Pareek"); // she is online, in no room of ours
        endOfWho("rita");
        server(":parley.local 369 " + ME + " rita :End of WHOWAS");

        assertThat(shown()).containsExactly(
                "Ritawari Pareek wrote to you while you were away:",
                "[09:10] <<Ritawari Pareek>> (private) : Are you coming to the lab?",
                "[09:20] <<You>> (to Ritawari Pareek) : On my way",
                "[09:30] <<Ritawari Pareek>> (private) : Great",
                "--- now ---");
        assertThat(sentLines()).last().isEqualTo("MARKREAD rita timestamp=2026-12-01T09:30:00.000Z");

        server(":parley.local MARKREAD rita timestamp=2026-12-01T09:30:00.000Z"); // the server's confirmation
        server("@time=2026-12-01T12:00:01.000Z;msgid=p4 :rita!r@h PRIVMSG " + ME + " :Still there?");
        assertThat(shown()).last().isEqualTo("<<Ritawari Pareek>> (private) : Still there?");
        assertThat(sentLines()).last().isEqualTo("MARKREAD rita timestamp=2026-12-01T12:00:01.000Z");
    }

    @Test
    void withoutReadMarkersStartsFromTheLastMessageSeenAndRemembersIt() throws Exception {
        Path file = dir.resolve("last_seen");
        Files.writeString(file, "chat.example:6697 19803021 2026-11-30T20:00:00Z\n");
        session = new ChatSession(console, new Renderer(ZoneOffset.UTC, clock), clock, new LastSeenFile(file),
                "chat.example:6697");
        start(CAPS, "");
        assertThat(sentLines()).contains(
                "CHATHISTORY TARGETS timestamp=2026-11-30T20:00:00.000Z timestamp=2026-12-02T12:00:00.000Z 50");
        whoReply("rita", "19803022", "Ritawari Pareek");
        endOfWho("#lobby");
        emptyHistory("#lobby");
        server(":parley.local BATCH +t draft/chathistory-targets");
        server("@batch=t :parley.local CHATHISTORY TARGETS rita 2026-12-01T09:30:00.000Z");
        server("@batch=t :parley.local CHATHISTORY TARGETS sanskar 2026-12-01T08:00:00.000Z");
        server(":parley.local BATCH -t");
        assertThat(sentLines()).containsSubsequence(
                "CHATHISTORY AFTER rita timestamp=2026-11-30T20:00:00.000Z 50",
                "CHATHISTORY AFTER sanskar timestamp=2026-11-30T20:00:00.000Z 50");
        server(":parley.local BATCH +p chathistory rita");
        server("@batch=p;time=2026-12-01T09:30:00.000Z;account=19803022 :rita!r@h PRIVMSG " + ME + " :Lab at 3?");
        server(":parley.local BATCH -p");
        // Only what the user wrote from another client: no news.
        server(":parley.local BATCH +q chathistory sanskar");
        server("@batch=q;time=2026-12-01T08:00:00.000Z;account=19803021 :" + ME + "!x@h PRIVMSG sanskar :ok");
        server(":parley.local BATCH -q");
        assertThat(shown()).containsExactly("Ritawari Pareek wrote to you while you were away:",
                "[09:30] <<Ritawari Pareek>> (private) : Lab at 3?", "--- now ---");
        assertThat(sentLines()).noneMatch(line -> line.startsWith("MARKREAD"));

        server("@time=2026-12-01T12:00:05.000Z :rita!r@h PRIVMSG #lobby :see you");
        session.close();
        assertThat(Files.readAllLines(file)).containsExactly("chat.example:6697 19803021 2026-12-01T12:00:05Z");

        // The next run starts from there.
        sent.clear();
        TestConsole next = new TestConsole(true);
        ChatSession again = new ChatSession(next, new Renderer(ZoneOffset.UTC, clock), clock, new LastSeenFile(file),
                "chat.example:6697");
        again.connected("19803021", ME, "19803021", CAPS, sent::add);
        again.onServerMessage(IrcParser.parse(":parley.local 376 " + ME + " :End of /MOTD command."));
        assertThat(sentLines()).contains(
                "CHATHISTORY TARGETS timestamp=2026-12-01T12:00:05.000Z timestamp=2026-12-02T12:00:00.000Z 50");
    }

    @Test
    void withoutHistoryNothingIsAskedAndNothingWaitsForIt() {
        start(Set.of("extended-join", "echo-message"), "");
        assertThat(sentLines()).noneMatch(line -> line.startsWith("CHATHISTORY") || line.startsWith("MARKREAD"));
        whoReply("rita", "19803022", "Ritawari Pareek");
        server(":rita!r@h PRIVMSG #lobby :hi");
        assertThat(shown()).containsExactly("<<Ritawari Pareek>> : hi");
    }
}
