package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ParleyServer;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.SaslClient;
import dev.parley.server.testing.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parley admin} against the database of a server that is running meanwhile. */
class AdminCommandTest {
    @TempDir
    Path dataDir;

    private ParleyServer startServer() throws Exception {
        return ParleyServer.start(TestServers.plaintext(dataDir)
                .withListen(List.of(new ParleyConfig.ListenSection("127.0.0.1", 0, true)))
                .withAuth(ParleyConfig.AuthSection.defaults()));
    }

    private String login(ParleyServer server, String user, String password) throws Exception {
        try (IrcTestClient c = IrcTestClient.connectTls(server.boundAddresses().get(0),
                server.certificateFingerprint().orElseThrow())) {
            c.send("CAP REQ :sasl");
            c.await("CAP");
            return SaslClient.plain(c, user, password);
        }
    }

    private CommandRun admin(String stdin, String... args) {
        return CommandRun.admin(dataDir, stdin, args);
    }

    @Test
    void membersAddedLockedAndRemovedWhileTheServerRuns() throws Exception {
        try (ParleyServer server = startServer()) {
            CommandRun add = admin("hello-everyone\n", "add", "19803021", "--display-name", "Pranav Gupta",
                    "--password-stdin");
            assertThat(add.exitCode()).isZero();
            assertThat(add.out()).contains("Added 19803021 (Pranav Gupta)");
            assertThat(login(server, "19803021", "hello-everyone")).isEqualTo("903");

            assertThat(admin("new-secret\n", "passwd", "19803021", "--password-stdin").exitCode()).isZero();
            assertThat(login(server, "19803021", "new-secret")).isEqualTo("903");

            assertThat(admin(null, "lock", "19803021").out()).contains("Locked 19803021");
            assertThat(login(server, "19803021", "new-secret")).isEqualTo("904");
            assertThat(admin(null, "unlock", "19803021").exitCode()).isZero();
            assertThat(login(server, "19803021", "new-secret")).isEqualTo("903");

            assertThat(admin(null, "oper", "19803021", "on").exitCode()).isZero();
            CommandRun list = admin(null, "list");
            assertThat(list.out()).contains("19803021", "Pranav Gupta", "operator").contains("1 account");

            String fingerprint = "AB:".repeat(31) + "CD";
            assertThat(admin(null, "cert", "19803021", "--add", fingerprint.toLowerCase()).out())
                    .contains("Certificate added").contains(fingerprint);
            assertThat(admin(null, "cert", "19803021", "--remove", fingerprint).out()).doesNotContain(fingerprint);
            assertThat(admin(null, "cert", "19803021", "--remove", fingerprint).exitCode()).isEqualTo(1);

            assertThat(admin(null, "remove", "19803021").exitCode()).isZero();
            assertThat(login(server, "19803021", "new-secret")).isEqualTo("904");
        }
    }

    @Test
    void mistakesGetOneClearLine() {
        CommandRun twice = admin("pw\n", "add", "someone", "--display-name", "Some One", "--password-stdin");
        assertThat(twice.exitCode()).isZero();
        CommandRun again = admin("pw\n", "add", "SOMEONE", "--display-name", "Other", "--password-stdin");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).startsWith("parley admin:").contains("exists");
        assertThat(admin(null, "lock", "nobody").err()).contains("no account nobody");
        assertThat(admin("pw\n", "add", "bad name", "--display-name", "X", "--password-stdin").exitCode()).isEqualTo(1);
    }

    @Test
    void importsTheSeedFileReportingBadRecordsByLine() throws Exception {
        Path good = copy("/seed/seed-members.txt");
        Path bad = copy("/seed/seed-members-bad.txt");

        CommandRun dry = admin(null, "import", good.toString(), "--dry-run");
        assertThat(dry.exitCode()).isZero();
        assertThat(dry.out()).contains("Would add 6");
        assertThat(admin(null, "list").out()).contains("0 accounts");

        CommandRun real = admin(null, "import", good.toString());
        assertThat(real.out()).contains("Added 6, skipped 0 existing, 0 bad records");
        assertThat(admin(null, "import", good.toString()).out()).contains("Added 0, skipped 6 existing");

        CommandRun withErrors = admin(null, "import", bad.toString());
        assertThat(withErrors.exitCode()).isEqualTo(AdminCommand.SOME_RECORDS_BAD);
        assertThat(withErrors.err()).contains(bad + ":2:", bad + ":3:", bad + ":4:");
        assertThat(withErrors.out()).contains("Added 1");

        try (ParleyServer server = startServer()) {
            assertThat(login(server, "19803021", "hello-everyone")).isEqualTo("903");
        }
        assertThat(admin(null, "list").out()).contains("Pranav Gupta").contains("7 accounts");
    }

    private Path copy(String resource) throws IOException {
        Path target = dataDir.resolveSibling(dataDir.getFileName() + "-" + Path.of(resource).getFileName());
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            Files.copy(in, target);
        }
        return target;
    }
}
