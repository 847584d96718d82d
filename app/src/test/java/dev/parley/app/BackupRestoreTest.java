package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.app.bench.ServerLaunch;
import dev.parley.app.bench.ServerProcess;
import dev.parley.protocol.IrcMessage;
import dev.parley.server.testing.IrcTestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code parley admin backup} while a real server process is busy, and {@code restore} of that
 * backup into a new data folder: the server keeps storing and relaying during the backup, and the
 * restored folder has every account, every message acknowledged before the backup, and the
 * certificate clients pinned.
 */
class BackupRestoreTest {
    /** History written before the backup, so that copying the database takes a while. */
    private static final int PREFILL = 10_000;
    private static final int PREFILL_BATCH = 500;
    private static final String[] MEMBERS = {"19803021", "19803022", "19803023"};

    @TempDir
    Path dir;

    /** One line received, and when. */
    private record Received(String text, String msgid, long nanos) {
    }

    private Path config(String file, String dataDir) throws IOException {
        Path config = dir.resolve(file);
        Files.writeString(config, """
                [[listen]]
                host = "127.0.0.1"
                port = 0

                [storage]
                data_dir = "%s"

                [rooms]
                auto_join = []

                [limits]
                messages_per_second = 100000
                message_burst = 100000

                [[accounts]]
                name = "sender"
                password = "sender-password"

                [[accounts]]
                name = "listener"
                password = "listener-password"
                """.formatted(dataDir));
        return config;
    }

    private static ServerProcess start(Path config) throws IOException {
        return ServerProcess.start(config, new ServerLaunch(Main.class.getName(), List.of()));
    }

    /** Reads {@code client}'s PRIVMSGs from {@code nickPrefix} into {@code into} until the connection closes. */
    private static Thread collect(IrcTestClient client, String nickPrefix, List<Received> into, Semaphore each) {
        Thread reader = new Thread(() -> {
            try {
                for (IrcMessage m = client.next(); m != null; m = client.next()) {
                    if (m.command().equals("PRIVMSG") && m.source().startsWith(nickPrefix)) {
                        into.add(new Received(m.last(), m.tags().get("msgid"), System.nanoTime()));
                        each.release();
                    } else if (m.command().equals("PING")) {
                        client.send("PONG :" + m.last());
                    }
                }
            } catch (IOException closed) {
                // the test closed the connection
            }
        }, "reader-" + nickPrefix);
        reader.start();
        return reader;
    }

    @Test
    void aBackupUnderLoadRestoresEveryAccountAndEveryMessageUpToIt() throws Exception {
        Path config = config("parley.toml", "data");
        Path backup = dir.resolve("parley-backup.zip");
        List<Received> echoes = new CopyOnWriteArrayList<>();
        List<Received> heard = new CopyOnWriteArrayList<>();
        List<String> sent = new ArrayList<>();
        String fingerprint;
        long backupStarted;
        long backupEnded;
        try (ServerProcess server = start(config)) {
            fingerprint = server.fingerprint();
            for (String member : MEMBERS) {
                assertThat(CommandRun.run(member + "-password\n", "admin", "--config", config.toString(), "add", member,
                        "--display-name", "Member " + member, "--password-stdin").exitCode()).isZero();
            }
            IrcTestClient sender = Members.joined(server, "sender", "sender-password", "#ops");
            IrcTestClient listener = Members.joined(server, "listener", "listener-password", "#ops");
            Semaphore echoed = new Semaphore(0);
            List<Thread> readers = List.of(collect(sender, "sender!", echoes, echoed),
                    collect(listener, "sender!", heard, new Semaphore(0)));
            AtomicBoolean chatting = new AtomicBoolean(true);
            Thread chat = null;
            try {
                // By a member without echo-message, whose lines are not held for their commit (with
                // echo-message each line waits for one, ~50 lines a second), in batches, each sent
                // once the last was handled (the ping after it answered), so no send queue overflows.
                // History is written in queue order, so the first echo of the chat below comes only
                // once all of these are stored.
                try (IrcTestClient filler = Members.joined(server, MEMBERS[0], MEMBERS[0] + "-password", "#ops",
                        "sasl server-time message-tags")) {
                    for (int batch = 0; batch < PREFILL; batch += PREFILL_BATCH) {
                        StringBuilder lines = new StringBuilder();
                        for (int i = batch; i < batch + PREFILL_BATCH; i++) {
                            lines.append("PRIVMSG #ops :filler ").append(i).append("\r\n");
                        }
                        filler.sendRaw(lines.toString().getBytes(StandardCharsets.UTF_8));
                        filler.sync();
                    }
                }

                // Then one line at a time, each sent when the last is stored (its echo came back).
                List<String> chatLines = new CopyOnWriteArrayList<>();
                chat = new Thread(() -> {
                    try {
                        for (int i = 0; chatting.get(); i++) {
                            chatLines.add("line " + i);
                            sender.send("PRIVMSG #ops :line " + i);
                            if (!echoed.tryAcquire(30, TimeUnit.SECONDS)) {
                                return;
                            }
                        }
                    } catch (IOException | InterruptedException e) {
                        // the test ends the chat
                    }
                }, "chat");
                chat.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> echoes.size() >= 20);

                backupStarted = System.nanoTime();
                CommandRun run = CommandRun.run(null, "admin", "--config", config.toString(), "backup", backup.toString());
                backupEnded = System.nanoTime();
                assertThat(run.err()).isEmpty();
                assertThat(run.exitCode()).isZero();
                assertThat(run.out()).startsWith("Backed up 5 accounts, ").contains(" 2 TLS files, schema version ");
                long storedDuring = echoes.stream()
                        .filter(e -> e.nanos() > backupStarted && e.nanos() < backupEnded).count();
                assertThat(storedDuring).as("lines stored and echoed while the backup ran (it took %d ms)",
                        TimeUnit.NANOSECONDS.toMillis(backupEnded - backupStarted)).isGreaterThanOrEqualTo(3);

                // The server holds its data folder: a restore into it is refused, and changes nothing.
                CommandRun refused = CommandRun.run(null, "admin", "--config", config.toString(), "restore",
                        backup.toString());
                assertThat(refused.exitCode()).isEqualTo(1);
                assertThat(refused.err().strip()).isEqualTo("parley admin: the server is running on "
                        + dir.resolve("data") + " (pid " + server.pid() + "); stop it first, then restore");

                await().atMost(Duration.ofSeconds(30)).until(() -> echoes.size() >= 40);
                chatting.set(false);
                chat.join(30_000);
                sent.addAll(chatLines);
                await().atMost(Duration.ofSeconds(30)).until(() -> heard.size() == sent.size());
                assertThat(heard).extracting(Received::text).as("every line reached the other member, in order")
                        .containsExactlyElementsOf(sent);
            } finally {
                chatting.set(false);
                sender.close();
                listener.close();
                for (Thread reader : readers) {
                    reader.join(10_000);
                }
                if (chat != null) {
                    chat.join(10_000);
                }
            }
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("rw-------");

        Path restoredConfig = config("restored.toml", "restored");
        CommandRun restore = CommandRun.run(null, "admin", "--config", restoredConfig.toString(), "restore",
                backup.toString());
        assertThat(restore.err()).isEmpty();
        assertThat(restore.out()).startsWith("Restored 5 accounts, ");
        assertThat(restore.exitCode()).isZero();

        Set<String> restoredIds = new HashSet<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("restored/parley.db"));
             Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("SELECT msgid FROM history WHERE command = 'PRIVMSG'")) {
            while (rows.next()) {
                restoredIds.add(rows.getString(1));
            }
        }
        List<String> echoedBefore = echoes.stream().filter(e -> e.nanos() < backupStarted).map(Received::msgid).toList();
        List<String> echoedAfter = echoes.stream().filter(e -> e.nanos() > backupEnded).map(Received::msgid).toList();
        assertThat(echoedBefore).hasSizeGreaterThanOrEqualTo(20);
        assertThat(restoredIds).as("the filler's lines and the echoed ones").hasSizeGreaterThanOrEqualTo(PREFILL + 20);
        assertThat(restoredIds).as("every line acknowledged before the backup").containsAll(echoedBefore);
        assertThat(restoredIds).as("nothing said after it").doesNotContainAnyElementsOf(echoedAfter);

        String list = CommandRun.run(null, "admin", "--config", restoredConfig.toString(), "list").out();
        for (String member : MEMBERS) {
            assertThat(list).contains(member + "  Member " + member);
        }
        // The restored server has the certificate clients pinned, and the members' passwords.
        try (ServerProcess restored = start(restoredConfig)) {
            assertThat(restored.fingerprint()).isEqualTo(fingerprint);
            try (IrcTestClient member = Members.joined(restored, MEMBERS[0], MEMBERS[0] + "-password", "#ops")) {
                List<IrcMessage> latest = member.ask("CHATHISTORY LATEST #ops * 1");
                String lastBefore = echoes.stream().filter(e -> e.nanos() < backupStarted).reduce((a, b) -> b)
                        .orElseThrow().text();
                assertThat(latest).filteredOn(m -> m.command().equals("PRIVMSG")).extracting(IrcMessage::last)
                        .singleElement().satisfies(text -> assertThat(Integer.parseInt(text.substring(5)))
                                .isGreaterThanOrEqualTo(Integer.parseInt(lastBefore.substring(5))));
            }
        }
    }
}
