package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IrcMessage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages taken back over the network (draft/message-redaction), and /delete. */
class ChatClientRedactionTest {
    private static final String CAPS = "extended-join server-time message-tags batch echo-message account-tag "
            + "draft/message-redaction";
    private static final String RITA = ":rita!19803022@127.0.0.1 ";
    private static final String SANSKAR = ":sanskar!19803023@127.0.0.1 ";

    @TempDir
    Path dir;

    @Test
    void saysWhichShownMessageWasDeletedByWhomAndWhy() throws Exception {
        try (LoggedInChat chat = new LoggedInChat(dir, CAPS)) {
            IrcMessage req = chat.conn.received().stream().filter(m -> "REQ".equals(m.param(0))).findFirst()
                    .orElseThrow();
            assertThat(req.last().split(" ")).contains("draft/message-redaction");
            chat.send("@msgid=r1;account=19803022 " + RITA + "PRIVMSG #lobby :This is our CN Project");
            chat.send("@msgid=r2;account=19803022 " + RITA + "PRIVMSG #lobby :tpyo");
            chat.send("@msgid=r3;account=19803022 " + RITA + "PRIVMSG #lobby :buy cheap watches");
            chat.send("@msgid=p1;account=19803023 " + SANSKAR + "PRIVMSG " + chat.nick + " :psst");
            chat.await("<<Sanskar Gupta>> (private) : psst");

            chat.send("@time=2026-12-01T11:58:00.000Z " + RITA + "REDACT #lobby r1");
            chat.await("[11:58] (#lobby) A message from <<Ritawari Pareek>> was deleted");
            chat.send("@time=2026-12-01T11:58:30.000Z " + RITA + "REDACT #lobby r2 :typo");
            chat.await("[11:58] (#lobby) A message from <<Ritawari Pareek>> was deleted: typo");
            // Unknown msgids say nothing: the next line shown is the one after them.
            chat.send(RITA + "REDACT #lobby nobody-knows :whatever");
            chat.send(RITA + "REDACT #lobby r1");
            chat.send("@time=2026-12-01T11:59:00.000Z " + SANSKAR + "REDACT #lobby r3 :spam");
            chat.await("[11:59] (#lobby) A message from <<Ritawari Pareek>> was deleted by Sanskar Gupta: spam");
            chat.send("@time=2026-12-01T11:59:30.000Z " + SANSKAR + "REDACT " + chat.nick + " p1");
            chat.await("[11:59] (private) A message from <<Sanskar Gupta>> was deleted");
            assertThat(chat.console.lines()).filteredOn(line -> line.contains("was deleted")).hasSize(4);
        }
    }

    @Test
    void deletesTheUsersLastMessageInTheRoom() throws Exception {
        try (LoggedInChat chat = new LoggedInChat(dir, CAPS)) {
            chat.type("/delete");
            chat.await("You have said nothing in #lobby that can be deleted.");

            chat.type("Hello Everyone");
            chat.expect("PRIVMSG");
            chat.send("@msgid=o1;time=2026-12-01T12:00:00.000Z;account=19803021 :" + chat.nick
                    + "!19803021@127.0.0.1 PRIVMSG #lobby :Hello Everyone");
            chat.type("Oops, wrong room");
            chat.expect("PRIVMSG");
            chat.send("@msgid=o2;time=2026-12-01T12:00:00.000Z;account=19803021 :" + chat.nick
                    + "!19803021@127.0.0.1 PRIVMSG #lobby :Oops, wrong room");
            chat.await("<<You>> : Oops, wrong room");

            chat.type("/delete");
            assertThat(chat.expect("REDACT").params()).containsExactly("#lobby", "o2");
            chat.send(":parley.local FAIL REDACT REDACT_WINDOW_EXPIRED #lobby o2 :Too late to delete that message");
            chat.await("Error: Too late to delete that message");

            chat.type("/redact");
            assertThat(chat.expect("REDACT").params()).containsExactly("#lobby", "o2");
            chat.send("@time=2026-12-01T12:00:00.000Z :" + chat.nick + "!19803021@127.0.0.1 REDACT #lobby o2");
            chat.await("[12:00] (#lobby) A message from <<You>> was deleted");
            // Already taken back: nothing left to delete until the user speaks again.
            chat.type("/delete");
            chat.await("You have said nothing in #lobby that can be deleted.");
        }
    }

    @Test
    void saysWhenTheServerDoesNotLetMessagesBeDeleted() throws Exception {
        try (LoggedInChat chat = new LoggedInChat(dir, "extended-join server-time message-tags echo-message")) {
            chat.type("/delete");
            chat.await("The server does not let messages be deleted.");
        }
    }

    @Test
    void aDeletedLineOfHistoryIsNamedToo() throws Exception {
        try (LoggedInChat chat = new LoggedInChat(dir, CAPS + " draft/chathistory")) {
            assertThat(chat.expect("CHATHISTORY").params()).containsExactly("LATEST", "#lobby", "*", "20");
            chat.send(":parley.local BATCH +h1 chathistory #lobby");
            chat.send("@batch=h1;time=2026-12-01T10:00:00.000Z;msgid=h1a;account=19803022 " + RITA
                    + "PRIVMSG #lobby :This is our CN Project");
            chat.send(":parley.local BATCH -h1");
            chat.await("[10:00] <<Ritawari Pareek>> : This is our CN Project");
            chat.send("@time=2026-12-01T11:00:00.000Z " + RITA + "REDACT #lobby h1a :wrong room");
            chat.await("[11:00] (#lobby) A message from <<Ritawari Pareek>> was deleted: wrong room");
        }
    }
}
