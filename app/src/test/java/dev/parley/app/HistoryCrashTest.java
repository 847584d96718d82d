package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.app.bench.ServerLaunch;
import dev.parley.app.bench.ServerProcess;
import dev.parley.protocol.IrcMessage;
import dev.parley.server.testing.IrcTestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable before acknowledged: the server is killed (SIGKILL, no shutdown of any kind) while
 * members send; after a restart, every message whose echo reached its sender is in history,
 * in the order sent, none twice, and search finds each of them (the search index is written
 * behind history, so the killed server had not indexed the last of them).
 */
class HistoryCrashTest {
    private static final int SENDERS = 2;
    private static final int LINES = 200;
    /** Echoes each sender has before the kill; the rest of its lines are on the way. */
    private static final int KILL_AFTER = 60;

    @TempDir
    Path dir;

    private static ServerProcess start(Path config) throws IOException {
        return ServerProcess.start(config, new ServerLaunch(Main.class.getName(), List.of()));
    }

    private static IrcTestClient member(ServerProcess server, String name) throws Exception {
        return Members.joined(server, name, name + "-password", "#crash");
    }

    /** Each sender sends its lines {@code from} to {@code to}, all at once. */
    private static void sendLines(List<IrcTestClient> senders, int from, int to) throws IOException {
        for (int s = 0; s < senders.size(); s++) {
            StringBuilder lines = new StringBuilder();
            for (int i = from; i < to; i++) {
                lines.append("PRIVMSG #crash :s").append(s).append(' ').append(i).append("\r\n");
            }
            senders.get(s).sendRaw(lines.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyEchoedMessageIsInHistoryAfterAKill() throws Exception {
        Path config = dir.resolve("parley.toml");
        StringBuilder toml = new StringBuilder("""
                [[listen]]
                host = "127.0.0.1"
                port = 0

                [storage]
                data_dir = "data"

                [rooms]
                auto_join = []

                [limits]
                messages_per_second = 100000
                message_burst = 100000
                """);
        for (int s = 0; s < SENDERS; s++) {
            toml.append("\n[[accounts]]\nname = \"sender").append(s).append("\"\npassword = \"sender").append(s)
                    .append("-password\"\n");
        }
        Files.writeString(config, toml.toString());

        ServerProcess first = start(config);
        List<IrcTestClient> senders = new ArrayList<>();
        List<List<IrcMessage>> echoes = new ArrayList<>();
        CountDownLatch enough = new CountDownLatch(SENDERS);
        List<Thread> readers = new ArrayList<>();
        try {
            for (int s = 0; s < SENDERS; s++) {
                senders.add(member(first, "sender" + s));
            }
            for (int s = 0; s < SENDERS; s++) {
                IrcTestClient sender = senders.get(s);
                List<IrcMessage> got = new CopyOnWriteArrayList<>();
                echoes.add(got);
                String own = "sender" + s + "!";
                Thread reader = new Thread(() -> {
                    try {
                        for (IrcMessage m = sender.next(); m != null; m = sender.next()) {
                            if (m.command().equals("PRIVMSG") && m.source().startsWith(own)) {
                                got.add(m);
                                if (got.size() == KILL_AFTER) {
                                    enough.countDown();
                                }
                            }
                        }
                    } catch (IOException closed) {
                        // the server was killed
                    }
                });
                reader.start();
                readers.add(reader);
            }
            sendLines(senders, 0, KILL_AFTER);
            assertThat(enough.await(60, TimeUnit.SECONDS)).isTrue();
            // Another process takes the database's write lock, so nothing more can be committed,
            // and the rest of the lines are sent: a server must not echo any of them now. One
            // that echoed before storing would; it is given half a second to show it.
            try (Connection blocker = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/parley.db"));
                 Statement sql = blocker.createStatement()) {
                sql.execute("PRAGMA busy_timeout = 10000");
                sql.execute("BEGIN IMMEDIATE");
                sendLines(senders, KILL_AFTER, LINES);
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                while (System.nanoTime() < deadline && echoes.stream().mapToInt(List::size).sum() < SENDERS * LINES) {
                    Thread.onSpinWait();
                }
                first.kill(); // SIGKILL, with messages taken and not yet stored
                sql.execute("ROLLBACK");
            }
            for (Thread reader : readers) {
                reader.join(10_000);
            }
        } finally {
            for (IrcTestClient sender : senders) {
                sender.close();
            }
            first.close();
        }

        ServerProcess second = start(config);
        try (second; IrcTestClient reader = Members.joined(second, "sender0", "sender0-password", "#crash",
                "sasl batch server-time message-tags draft/chathistory soju.im/search")) {
            List<IrcMessage> page = reader.ask("CHATHISTORY LATEST #crash * 500");
            List<IrcMessage> stored = page.stream().filter(m -> m.command().equals("PRIVMSG")).toList();
            List<String> storedIds = stored.stream().map(m -> m.tags().get("msgid")).toList();
            assertThat(storedIds).doesNotHaveDuplicates();
            int echoed = 0;
            for (int s = 0; s < SENDERS; s++) {
                List<String> echoedIds = echoes.get(s).stream().map(m -> m.tags().get("msgid")).toList();
                echoed += echoedIds.size();
                assertThat(echoedIds).hasSizeGreaterThanOrEqualTo(KILL_AFTER);
                // In history, and in the order they were sent.
                String prefix = "s" + s + " ";
                List<String> senderStored = stored.stream().filter(m -> m.last().startsWith(prefix))
                        .map(m -> m.tags().get("msgid")).toList();
                assertThat(senderStored.subList(0, Math.min(senderStored.size(), echoedIds.size())))
                        .as("sender %d's stored lines begin with all it had echoed", s)
                        .containsExactlyElementsOf(echoedIds);
                List<String> senderTexts = stored.stream().map(IrcMessage::last).filter(t -> t.startsWith(prefix))
                        .toList();
                for (int i = 0; i < senderTexts.size(); i++) {
                    assertThat(senderTexts.get(i)).isEqualTo(prefix + i);
                }
                List<String> found = reader.ask("SEARCH in=#crash;text=s" + s + ";limit=" + LINES).stream()
                        .filter(m -> m.command().equals("PRIVMSG")).map(m -> m.tags().get("msgid")).toList();
                assertThat(found).as("sender %d's lines found by search", s).containsExactlyElementsOf(senderStored);
            }
            assertThat(stored.size()).isGreaterThanOrEqualTo(echoed);
        }
    }
}
