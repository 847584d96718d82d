package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IrcMessage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /search over the network (soju.im/search): what the client asks, and how it shows the answer. */
class ChatClientSearchTest {
    private static final String CAPS = "extended-join server-time message-tags batch echo-message account-tag "
            + "soju.im/search";

    @TempDir
    Path dir;

    @Test
    void requestsTheCapabilityAndShowsResultsWithTimesRoomsAndRealNames() throws Exception {
        try (LoggedInChat chat = new LoggedInChat(dir, CAPS)) {
            IrcMessage req = chat.conn.received().stream().filter(m -> "REQ".equals(m.param(0))).findFirst()
                    .orElseThrow();
            assertThat(req.last().split(" ")).contains("soju.im/search", "batch");

            chat.type("/search lab; open\\now");
            IrcMessage search = chat.expect("SEARCH");
            assertThat(search.params()).containsExactly("text=lab\\:\\sopen\\\\now;limit=20");

            chat.send(":parley.local BATCH +s1 soju.im/search");
            chat.send("@batch=s1;time=2026-11-30T22:15:00.000Z;msgid=a1;account=19803022 "
                    + ":rita!19803022@127.0.0.1 PRIVMSG #lobby :Is the lab; open\\now?");
            chat.send("@batch=s1;time=2026-12-01T10:00:00.000Z;msgid=a2;account=19803023 "
                    + ":sanskar!19803023@127.0.0.1 PRIVMSG " + chat.nick + " :lab; open\\now, I think");
            chat.send("@batch=s1;time=2026-12-01T10:01:00.000Z;msgid=a3;account=19803021 "
                    + ":" + chat.nick + "!19803021@127.0.0.1 PRIVMSG #cn-lab :lab; open\\now");
            chat.send(":parley.local BATCH -s1");

            chat.await("--- search: lab; open\\now (3 found) ---");
            chat.await("[2026-11-30 22:15] [#lobby] <<Ritawari Pareek>> : Is the lab; open\\now?");
            chat.await("[10:00] <<Sanskar Gupta>> (private) : lab; open\\now, I think");
            chat.await("[10:01] [#cn-lab] <<You>> : lab; open\\now");
            chat.await("--- end of search ---");
        }
    }

    @Test
    void searchesOneRoomOrConversationAndSaysWhenNothingIsFound() throws Exception {
        try (LoggedInChat chat = new LoggedInChat(dir, CAPS)) {
            chat.type("/search #lobby project notes");
            assertThat(chat.expect("SEARCH").params()).containsExactly("text=project\\snotes;in=#lobby;limit=20");
            chat.send(":parley.local BATCH +e1 soju.im/search");
            chat.send(":parley.local BATCH -e1");
            chat.await("No messages found.");

            chat.type("/search rita notes");
            assertThat(chat.expect("SEARCH").params()).containsExactly("text=notes;in=rita;limit=20");
            chat.type("/search in:19803024 notes");
            assertThat(chat.expect("SEARCH").params()).containsExactly("text=notes;in=19803024;limit=20");
            // Not a known nick: a word like the others.
            chat.type("/search lab notes");
            assertThat(chat.expect("SEARCH").params()).containsExactly("text=lab\\snotes;limit=20");
        }
    }

    @Test
    void showsWhyASearchFailed() throws Exception {
        try (LoggedInChat chat = new LoggedInChat(dir, CAPS)) {
            chat.type("/search notes");
            chat.expect("SEARCH");
            chat.send(":parley.local FAIL SEARCH INVALID_PARAMS :Search text is too short");
            chat.await("Search text is too short");
            // The next answer is the next request's.
            chat.type("/search project");
            chat.expect("SEARCH");
            chat.send(":parley.local BATCH +s2 soju.im/search");
            chat.send("@batch=s2;time=2026-12-01T10:00:00.000Z;msgid=b1;account=19803022 "
                    + ":rita!19803022@127.0.0.1 PRIVMSG #lobby :our project");
            chat.send(":parley.local BATCH -s2");
            chat.await("--- search: project (1 found) ---");
        }
    }

    @Test
    void saysWhenTheServerOffersNoSearch() throws Exception {
        try (LoggedInChat chat = new LoggedInChat(dir, "extended-join server-time message-tags batch echo-message")) {
            chat.type("/search notes");
            chat.await("The server does not offer search.");
            chat.type("/help");
            chat.console.awaitStartingWith("  /search");
            chat.console.awaitStartingWith("  /delete");
            chat.type("/rooms");
            chat.expect("LIST"); // typed after /search: had SEARCH been sent, it would be read by now
            assertThat(chat.conn.received()).noneMatch(m -> "SEARCH".equals(m.command()));
        }
    }
}
