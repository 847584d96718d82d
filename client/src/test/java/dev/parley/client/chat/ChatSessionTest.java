package dev.parley.client.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.render.Renderer;
import dev.parley.client.testing.TestConsole;
import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcParser;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chat's meaning of server messages and typed lines, without any network. */
class ChatSessionTest {
    private static final Instant NOW = Instant.parse("2023-11-20T10:30:00Z");
    private static final String ME = "m19803021";

    private final TestConsole console = new TestConsole(true);
    private final List<IrcMessage> sent = new ArrayList<>();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ChatSession session = new ChatSession(console, new Renderer(ZoneOffset.UTC, clock), clock);

    @BeforeEach
    void loggedInAndInTheLobby() {
        session.connected("19803021", ME, "19803021",
                Set.of("extended-join", "echo-message", "batch", "draft/chathistory", "server-time"), sent::add);
        server(":parley.local 005 " + ME + " CASEMAPPING=rfc1459 WHOX :are supported");
        server(":parley.local 376 " + ME + " :End of /MOTD command.");
        server(":" + ME + "!19803021@h JOIN #lobby 19803021 :Pranav Gupta");
        console.await("All set, type 'QUIT' to leave...");
    }

    private void server(String line) {
        try {
            session.onServerMessage(IrcParser.parse(line));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private List<String> sentLines() {
        return sent.stream().map(IrcMessage::toString).toList();
    }

    @Test
    void greetsWithTheRealNameAndAsksForHistoryAndNames() {
        assertThat(console.lines()).containsSubsequence("19803021 : Pranav Gupta", "All set, type 'QUIT' to leave...");
        assertThat(sentLines()).containsSubsequence("WHO m19803021 %tnar,1", "WHO #lobby %tnar,1",
                "CHATHISTORY LATEST #lobby * 20");
    }

    @Test
    void linesBeforeTheGreetingWaitForIt() {
        TestConsole other = new TestConsole(true);
        ChatSession fresh = new ChatSession(other, new Renderer(ZoneOffset.UTC, clock), clock);
        fresh.connected("19803021", ME, "19803021", Set.of(), m -> { });
        fresh.onServerMessage(IrcMessage.from("parley.local", "NOTICE", ME, "Server restarting soon"));
        assertThat(other.lines()).isEmpty();
        fresh.onServerMessage(IrcMessage.from("parley.local", "315", ME, ME, "End of WHO list"));
        assertThat(other.lines()).containsExactly("19803021 : 19803021", "All set, type 'QUIT' to leave...",
                "-parley.local- Server restarting soon");
    }

    @Test
    void showsHistoryWithTimesAndRemembersWhereItStopped() {
        server(":parley.local 315 " + ME + " #lobby :End of WHO list");
        server(":parley.local BATCH +h1 chathistory #lobby");
        server("@batch=h1;time=2023-11-20T09:05:00.000Z :rita!r@h PRIVMSG #lobby :Earlier message");
        server("@batch=h1;time=2023-11-20T09:06:00.000Z;account=19803021 :m19803021_!x@h PRIVMSG #lobby :My own earlier line");
        server(":parley.local BATCH -h1");
        // rita is not in the room: the client asks the server who she is (or was) before showing her line.
        assertThat(sentLines()).containsSubsequence("WHO rita %tnar,1", "WHOWAS rita 1");
        server(":parley.local 315 " + ME + " rita :End of WHO list");
        server(":parley.local 406 " + ME + " rita :There was no such nickname");
        server(":parley.local 369 " + ME + " rita :End of WHOWAS");
        console.await("[09:05] <<rita>> : Earlier message");
        console.await("[09:06] <<You>> : My own earlier line");

        session.disconnected();
        sent.clear();
        session.connected("19803021", ME, "19803021", Set.of("batch", "draft/chathistory", "extended-join"), sent::add);
        assertThat(sentLines()).containsExactly("JOIN #lobby");
        server(":" + ME + "!19803021@h JOIN #lobby 19803021 :Pranav Gupta");
        assertThat(sentLines()).contains("CHATHISTORY AFTER #lobby timestamp=2023-11-20T09:06:00.000Z 20");
    }

    @Test
    void learnsRealNamesFromWhoAndUsesThemEverywhere() {
        server(":parley.local 354 " + ME + " 1 rita 19803022 :Ritawari Pareek");
        server(":rita!r@h PRIVMSG #lobby :hi all");
        console.await("<<Ritawari Pareek>> : hi all");
        server(":rita!r@h PRIVMSG " + ME + " :psst");
        console.await("<<Ritawari Pareek>> (private) : psst");
        server(":rita!r@h PART #lobby");
        console.await("Ritawari Pareek has left the chat.");
    }

    @Test
    void aRoomLineWaitsForTheSendersRealNameRightAfterJoining() throws Exception {
        // A new user: in the room before anyone's name is known, and someone speaks at once.
        TestConsole other = new TestConsole(true);
        ChatSession fresh = new ChatSession(other, new Renderer(ZoneOffset.UTC, clock), clock);
        fresh.connected("19803023", "m19803023", "19803023", Set.of("extended-join"), m -> { });
        fresh.onServerMessage(IrcParser.parse(":parley.local 376 m19803023 :End of /MOTD command."));
        fresh.onServerMessage(IrcParser.parse(":m19803023!19803023@h JOIN #lobby 19803023 :Sanskar Gupta"));
        fresh.onServerMessage(IrcParser.parse(":rita!19803022@h PRIVMSG #lobby :Welcome, Sanskar!"));
        fresh.onServerMessage(IrcParser.parse(":pranav!19803021@h JOIN #lobby 19803021 :Pranav Gupta"));
        fresh.onServerMessage(IrcParser.parse(":pranav!19803021@h PRIVMSG #lobby :Hi both"));
        fresh.onServerMessage(IrcParser.parse(":parley.local 353 m19803023 = #lobby :m19803023 rita"));
        fresh.onServerMessage(IrcParser.parse(":parley.local 366 m19803023 #lobby :End of /NAMES list"));
        fresh.onServerMessage(IrcParser.parse(":parley.local 354 m19803023 1 rita 19803022 :Ritawari Pareek"));
        fresh.onServerMessage(IrcParser.parse(":parley.local 315 m19803023 #lobby :End of WHO list"));
        assertThat(other.lines()).noneMatch(line -> line.contains("<<rita>>"));
        assertThat(other.lines()).containsSubsequence("All set, type 'QUIT' to leave...",
                "<<Ritawari Pareek>> : Welcome, Sanskar!", "Pranav Gupta has entered the chat!",
                "<<Pranav Gupta>> : Hi both");
    }

    @Test
    void fallsBackToTheNickAndAsksWhoItIs() {
        server(":parley.local 315 " + ME + " #lobby :End of WHO list"); // the room's names are in: not the stranger's
        server(":stranger!s@h PRIVMSG #lobby :who am I");
        console.await("<<stranger>> : who am I");
        assertThat(sentLines()).contains("WHO stranger %tnar,1");
    }

    @Test
    void talksToTheCurrentRoomAndLabelsTheOthers() {
        session.onTyped("/join cn-lab");
        assertThat(sentLines()).contains("JOIN #cn-lab");
        server(":" + ME + "!19803021@h JOIN #cn-lab 19803021 :Pranav Gupta");
        console.await("Now talking in #cn-lab.");
        session.onTyped("Hello lab");
        assertThat(sentLines()).contains("PRIVMSG #cn-lab :Hello lab");
        server(":rita!r@h JOIN #lobby 19803022 :Ritawari Pareek");
        console.await("[#lobby] Ritawari Pareek has entered the chat!");
        session.onTyped("/switch #lobby");
        console.await("Now talking in #lobby.");
        session.onTyped("//slash at the start");
        assertThat(sentLines()).contains("PRIVMSG #lobby :/slash at the start");
        session.onTyped("/part");
        assertThat(sentLines()).contains("PART #lobby");
        server(":" + ME + "!19803021@h PART #lobby");
        console.await("You left #lobby.");
        console.await("Now talking in #cn-lab.");
    }

    @Test
    void privateMessagesFindMembersByTheirId() {
        server(":rita!19803022@h JOIN #lobby 19803022 :Ritawari Pareek");
        session.onTyped("/msg 19803022 see you at the lab");
        assertThat(sentLines()).contains("PRIVMSG rita :see you at the lab");
        server(":" + ME + "!19803021@h PRIVMSG rita :see you at the lab"); // echo-message
        console.await("<<You>> (to Ritawari Pareek) : see you at the lab");
        session.onTyped("/me waves");
        assertThat(sentLines()).contains("PRIVMSG #lobby :\u0001ACTION waves\u0001");
    }

    @Test
    void whoAndRoomsListWhatTheServerSays() {
        session.onTyped("/who");
        assertThat(sentLines()).contains("WHO #lobby %tnar,2");
        server(":parley.local 354 " + ME + " 2 " + ME + " 19803021 :Pranav Gupta");
        server(":parley.local 354 " + ME + " 2 rita 19803022 :Ritawari Pareek");
        server(":parley.local 315 " + ME + " #lobby :End of WHO list");
        console.await("In #lobby: You, Ritawari Pareek (19803022)");

        session.onTyped("/rooms");
        assertThat(sentLines()).contains("LIST");
        server(":parley.local 321 " + ME + " Channel :Users  Name");
        server(":parley.local 322 " + ME + " #lobby 2 :Everyone");
        server(":parley.local 323 " + ME + " :End of /LIST");
        console.await("Rooms:");
        console.await("  #lobby  (2 people)  Everyone");
    }

    @Test
    void topicsAwayAndHelp() {
        session.onTyped("/topic CN project");
        assertThat(sentLines()).contains("TOPIC #lobby :CN project");
        server(":" + ME + "!19803021@h TOPIC #lobby :CN project");
        console.await("You set the topic to: CN project");
        session.onTyped("/away lunch");
        assertThat(sentLines()).contains("AWAY lunch");
        session.onTyped("/help");
        console.awaitStartingWith("  /join #room");
        session.onTyped("/frobnicate");
        console.await("Unknown command /frobnicate; /help lists the commands.");
        server(":parley.local 404 " + ME + " #lobby :Cannot send to channel");
        console.await("#lobby: Cannot send to channel");
    }

    @Test
    void knowsQuitInAnyCase() {
        assertThat(ChatSession.isQuit("QUIT")).isTrue();
        assertThat(ChatSession.isQuit(" quit ")).isTrue();
        assertThat(ChatSession.isQuit("/quit bye")).isTrue();
        assertThat(ChatSession.quitReason("/quit bye now")).isEqualTo("bye now");
        assertThat(ChatSession.isQuit("quitting soon")).isFalse();
    }

    @Test
    void withoutEchoMessageOwnLinesShowRightAway() {
        sent.clear();
        TestConsole other = new TestConsole(true);
        ChatSession plain = new ChatSession(other, new Renderer(ZoneOffset.UTC, clock), clock);
        plain.connected("19803021", ME, "19803021", Set.of(), sent::add);
        plain.onServerMessage(IrcMessage.from(ME + "!u@h", "JOIN", "#lobby"));
        plain.onServerMessage(IrcMessage.from("parley.local", "315", ME, ME, "End of WHO list"));
        plain.onTyped("Hello Everyone");
        other.await("<<You>> : Hello Everyone");
    }
}
