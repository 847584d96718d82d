package dev.parley.client;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.testing.FakeIrcServer;
import dev.parley.client.testing.TestConsole;
import dev.parley.protocol.IrcMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The whole client logged in to a {@link FakeIrcServer} as Pranav Gupta and in #lobby with
 * Ritawari Pareek (rita) and Sanskar Gupta (sanskar), their names known: the start of tests about
 * what happens in the chat.
 */
final class LoggedInChat implements AutoCloseable {
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    final FakeIrcServer server;
    final TestConsole console = new TestConsole(true).type("19803021", "secret");
    final FakeIrcServer.Conn conn;
    final String nick;
    private final ExecutorService runner = Executors.newSingleThreadExecutor();
    private final Future<Integer> exit;

    /** @param caps what the server offers besides SASL */
    LoggedInChat(Path dir, String caps) throws Exception {
        server = FakeIrcServer.plaintext();
        ChatSettings settings = ChatSettings.builder("127.0.0.1").port(server.port()).plaintext(true)
                .knownServers(dir.resolve("known_servers")).systemTrust(null)
                .backoff(Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(40)))
                .zone(ZoneOffset.UTC).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        exit = runner.submit(() -> new ChatClient(settings, console).run());
        conn = server.accept();
        conn.capLs("sasl=SCRAM-SHA-256 " + caps);
        nick = conn.registerAndAck();
        assertThat(conn.scram(nick, "secret")).isTrue();
        conn.welcome(nick);
        conn.send(":" + nick + "!19803021@127.0.0.1 JOIN #lobby 19803021 :Pranav Gupta");
        answerUntilRoomIsKnown();
        console.await("All set, type 'QUIT' to leave...");
    }

    /** Answers WHO (and an empty CHATHISTORY TARGETS) until the answer about #lobby is sent. */
    private void answerUntilRoomIsKnown() throws Exception {
        while (true) {
            IrcMessage message = conn.read();
            if ("CHATHISTORY".equals(message.command()) && "TARGETS".equals(message.param(0))) {
                send(":parley.local BATCH +t draft/chathistory-targets");
                send(":parley.local BATCH -t");
            } else if ("WHO".equals(message.command())) {
                String mask = message.param(0);
                send(":parley.local 354 " + nick + " 1 " + nick + " 19803021 :Pranav Gupta");
                if (mask.equals("#lobby")) {
                    send(":parley.local 354 " + nick + " 1 rita 19803022 :Ritawari Pareek");
                    send(":parley.local 354 " + nick + " 1 sanskar 19803023 :Sanskar Gupta");
                }
                send(":parley.local 315 " + nick + " " + mask + " :End of WHO list");
                if (mask.equals("#lobby")) {
                    return;
                }
            }
        }
    }

    void send(String line) throws Exception {
        conn.send(line);
    }

    void type(String line) {
        console.type(line);
    }

    /** The next line the client sends with this command. */
    IrcMessage expect(String command) throws Exception {
        return conn.expect(command);
    }

    String await(String line) {
        return console.await(line);
    }

    /** Types quit and checks the client leaves as it should. */
    @Override
    public void close() throws Exception {
        try {
            console.type("quit");
            conn.expect("QUIT");
            conn.close();
            assertThat(exit.get(15, SECONDS)).isEqualTo(ChatClient.EXIT_OK);
        } finally {
            runner.shutdownNow();
            assertThat(runner.awaitTermination(10, SECONDS)).as("client stopped").isTrue();
            server.close();
        }
    }
}
