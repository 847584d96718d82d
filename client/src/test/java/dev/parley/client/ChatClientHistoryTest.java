package dev.parley.client;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.testing.FakeIrcServer;
import dev.parley.client.testing.TestConsole;
import dev.parley.protocol.IrcMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History over the network: what the client asks a server that keeps history, and what it shows. */
class ChatClientHistoryTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String HISTORY_CAPS = "sasl=SCRAM-SHA-256 extended-join server-time message-tags batch "
            + "draft/chathistory draft/read-marker echo-message account-tag";

    private final ExecutorService runner = Executors.newSingleThreadExecutor();

    @TempDir
    Path dir;

    @AfterEach
    void stopClient() throws InterruptedException {
        runner.shutdownNow();
        assertThat(runner.awaitTermination(10, SECONDS)).as("client stopped").isTrue();
    }

    @Test
    void asksForHistoryAndShowsItBeforeTheLiveLines() throws Exception {
        try (FakeIrcServer server = FakeIrcServer.plaintext()) {
            TestConsole console = new TestConsole(true).type("19803021", "secret");
            ChatSettings settings = ChatSettings.builder("127.0.0.1").port(server.port()).plaintext(true)
                    .knownServers(dir.resolve("known_servers")).systemTrust(null)
                    .backoff(Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(40)))
                    .zone(ZoneOffset.UTC).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
            Future<Integer> exit = runner.submit(() -> new ChatClient(settings, console).run());
            FakeIrcServer.Conn conn = server.accept();

            conn.capLs(HISTORY_CAPS);
            String nick = conn.registerAndAck();
            IrcMessage req = conn.received().stream().filter(m -> "REQ".equals(m.param(0))).findFirst().orElseThrow();
            assertThat(List.of(req.last().split(" ")))
                    .contains("draft/chathistory", "batch", "server-time", "message-tags", "draft/read-marker");
            assertThat(conn.scram(nick, "secret")).isTrue();
            conn.welcome(nick, "CHATHISTORY=10");

            // On login: who wrote while the user was away (nobody, this time).
            IrcMessage targets = conn.expect("CHATHISTORY");
            assertThat(targets.params()).containsExactly("TARGETS", "timestamp=2026-11-24T12:00:00.000Z",
                    "timestamp=2026-12-02T12:00:00.000Z", "10");
            conn.send(":parley.local BATCH +t draft/chathistory-targets");
            conn.send(":parley.local BATCH -t");

            conn.send(":" + nick + "!19803021@127.0.0.1 JOIN #lobby 19803021 :Pranav Gupta");
            assertThat(conn.expect("WHO").params()).containsExactly("#lobby", "%tnar,1");
            assertThat(conn.expect("CHATHISTORY").params()).containsExactly("LATEST", "#lobby", "*", "10");
            console.await("All set, type 'QUIT' to leave...");

            // Someone speaks before the answer to the WHO is in: held until it is.
            conn.send("@time=2026-12-01T11:59:00.000Z;msgid=l1;account=19803023 :sanskar!19803023@127.0.0.1 "
                    + "PRIVMSG #lobby :Hello, is the lab open?");
            conn.send(":parley.local 354 " + nick + " 1 " + nick + " 19803021 :Pranav Gupta");
            conn.send(":parley.local 354 " + nick + " 1 sanskar 19803023 :Sanskar Gupta");
            conn.send(":parley.local 354 " + nick + " 1 rita 19803022 :Ritawari Pareek");
            conn.send(":parley.local 315 " + nick + " #lobby :End of WHO list");
            conn.send(":parley.local BATCH +h1 chathistory #lobby");
            conn.send("@batch=h1;time=2026-12-01T10:00:00.000Z;msgid=h1a;account=19803022 :rita!19803022@127.0.0.1 "
                    + "PRIVMSG #lobby :This is our CN Project");
            conn.send(":parley.local BATCH -h1");

            console.await("--- earlier in #lobby ---");
            console.await("[10:00] <<Ritawari Pareek>> : This is our CN Project");
            console.await("--- now ---");
            console.await("<<Sanskar Gupta>> : Hello, is the lab open?");
            assertThat(console.lines()).noneMatch(line -> line.contains("<<sanskar>>"));

            console.type("quit");
            conn.expect("QUIT");
            conn.close();
            assertThat(exit.get(15, SECONDS)).isEqualTo(ChatClient.EXIT_OK);
            // The time of the last message seen is kept beside the pinned certificates.
            assertThat(Files.readAllLines(dir.resolve("last_seen")))
                    .containsExactly("127.0.0.1:" + server.port() + " 19803021 2026-12-01T11:59:00Z");
        }
    }
}
