package dev.parley.server;

import static dev.parley.server.HistoryClients.found;
import static dev.parley.server.HistoryClients.member;
import static dev.parley.server.HistoryClients.page;
import static dev.parley.server.HistoryClients.start;
import static dev.parley.server.HistoryClients.texts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.IrcTestClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A draft/multiline message is one message in history: replayed, searched, counted and redacted whole. */
class MultilineHistoryTest {
    private static final String CAPS = "sasl batch server-time message-tags account-tag echo-message labeled-response"
            + " draft/chathistory soju.im/search draft/message-redaction";
    private static final String MULTILINE = CAPS + " draft/multiline";

    @TempDir
    Path dataDir;

    private ParleyConfig config() {
        return HistoryClients.config(dataDir, ParleyConfig.HistorySection.defaults());
    }

    /** Sends a multiline message of four lines (one concatenated, one blank); its msgid. */
    private static String sayMultiline(IrcTestClient alice) throws IOException {
        alice.sync();
        alice.send("BATCH +ml draft/multiline #room");
        alice.send("@batch=ml PRIVMSG #room :hello there");
        alice.send("@batch=ml;draft/multiline-concat PRIVMSG #room : world");
        alice.send("@batch=ml PRIVMSG #room :");
        alice.send("@batch=ml PRIVMSG #room :third line");
        List<IrcMessage> echo = alice.ask("BATCH -ml");
        assertThat(echo.get(0).command()).as("echo %s", echo).isEqualTo("BATCH");
        return echo.get(0).tags().get("msgid");
    }

    /** The lines of a nested draft/multiline batch inside {@code outer}, checking its frame: they start at {@code at}. */
    private static List<IrcMessage> nested(List<IrcMessage> outer, int at, String msgid) {
        IrcMessage open = outer.get(at);
        assertThat(open.command()).as("%s", outer).isEqualTo("BATCH");
        assertThat(open.param(1)).isEqualTo("draft/multiline");
        assertThat(open.param(2)).isEqualTo("#room");
        assertThat(open.tags()).containsEntry("msgid", msgid).containsKey("time").containsEntry("account", "alice");
        String ref = open.param(0).substring(1);
        List<IrcMessage> lines = outer.subList(at + 1, at + 5);
        assertThat(lines).allSatisfy(m -> assertThat(m.tags()).containsEntry("batch", ref).doesNotContainKey("msgid"));
        assertThat(outer.get(at + 5).params()).containsExactly("-" + ref);
        return lines;
    }

    @Test
    void aMultilineMessageIsOneMessageInHistoryAcrossARestart() throws Exception {
        String msgid;
        try (ParleyServer server = start(config(), "alice", "bob");
             IrcTestClient alice = member(server, "alice", MULTILINE);
             IrcTestClient bob = member(server, "bob", CAPS)) {
            alice.ask("JOIN #room");
            bob.ask("JOIN #room");
            alice.ask("PRIVMSG #room :before");
            msgid = sayMultiline(alice);
            alice.ask("PRIVMSG #room :after");
            bob.sync();
        }
        try (ParleyServer server = start(config());
             IrcTestClient alice = member(server, "alice", MULTILINE);
             IrcTestClient bob = member(server, "bob", CAPS)) {
            alice.ask("JOIN #room");
            bob.ask("JOIN #room");

            // With the capability: a draft/multiline batch inside the chathistory batch.
            List<IrcMessage> whole = page(alice, "CHATHISTORY LATEST #room * 10", "#room");
            assertThat(whole).extracting(IrcMessage::command)
                    .containsExactly("PRIVMSG", "BATCH", "PRIVMSG", "PRIVMSG", "PRIVMSG", "PRIVMSG", "BATCH", "PRIVMSG");
            List<IrcMessage> lines = nested(whole, 1, msgid);
            assertThat(texts(lines)).containsExactly("hello there", " world", "", "third line");
            assertThat(lines).extracting(m -> m.tags().containsKey("draft/multiline-concat"))
                    .containsExactly(false, true, false, false);
            assertThat(texts(List.of(whole.get(0), whole.get(7)))).containsExactly("before", "after");

            // Without: its lines, blank ones left out, the message's id on the first.
            List<IrcMessage> apart = page(bob, "CHATHISTORY LATEST #room * 10", "#room");
            assertThat(texts(apart)).containsExactly("before", "hello there", " world", "third line", "after");
            assertThat(apart.get(1).tags()).containsEntry("msgid", msgid).containsEntry("account", "alice");
            assertThat(apart.subList(2, 4)).allSatisfy(m -> assertThat(m.tags()).doesNotContainKey("msgid")
                    .containsKey("time"));

            // Limits count it as one message, and its id is a reference like any other.
            assertThat(texts(page(bob, "CHATHISTORY LATEST #room * 2", "#room")))
                    .containsExactly("hello there", " world", "third line", "after");
            assertThat(texts(page(bob, "CHATHISTORY BEFORE #room msgid=" + msgid + " 10", "#room")))
                    .containsExactly("before");

            // Search finds it once, by words of any of its lines, the concatenated one joined on.
            List<IrcMessage> hit = found(alice, "SEARCH text=third;in=#room");
            assertThat(texts(nested(hit, 0, msgid))).containsExactly("hello there", " world", "", "third line");
            assertThat(hit).hasSize(6);
            assertThat(texts(found(bob, "SEARCH text=hello"))).containsExactly("hello there", " world", "third line");
            assertThat(found(bob, "SEARCH text=there world")).extracting(m -> m.tags().get("msgid"))
                    .containsExactly(msgid, null, null);

            // Redacting its id takes the whole message out of history and search.
            assertThat(alice.ask("REDACT #room " + msgid)).extracting(IrcMessage::command).containsExactly("REDACT");
            assertThat(texts(page(bob, "CHATHISTORY LATEST #room * 10", "#room"))).containsExactly("before", "after");
            assertThat(found(bob, "SEARCH text=third")).isEmpty();
        }
    }
}
