package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.ParleyServer;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.moderation.ServerBans;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.SaslClient;
import dev.parley.server.testing.TestServers;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code parley admin ban|unban|bans|audit} against the data folder of a server that runs
 * meanwhile: a ban written by this other "process" reaches the live server within its refresh.
 */
class BanAdminCommandsTest {
    @TempDir
    Path dataDir;

    private CommandRun admin(String... args) {
        return CommandRun.admin(dataDir, null, args);
    }

    private ParleyServer startServer() throws Exception {
        return ParleyServer.start(TestServers.plaintext(dataDir)
                .withOperators(List.of(new ParleyConfig.CredentialSection("root", "op-secret", Optional.empty()))));
    }

    @Test
    void aBanFromTheCommandLineReachesTheLiveServerAndTheAuditShowsIt() throws Exception {
        try (ParleyServer server = startServer()) {
            InetSocketAddress address = server.boundAddresses().get(0);
            try (IrcTestClient victim = IrcTestClient.register(address, "victim")) {
                CommandRun ban = admin("ban", "victim", "--duration", "1d", "--reason", "spam links");
                assertThat(ban.exitCode()).isZero();
                assertThat(ban.out()).contains("Banned victim!*@* (for 1d): spam links");
                // Found by the server's next refresh, at most REFRESH_INTERVAL away; the read waits for it.
                assertThat(ServerBans.REFRESH_INTERVAL).isLessThan(Duration.ofSeconds(10));
                List<IrcMessage> last = victim.awaitClose();
                assertThat(last).filteredOn(m -> m.command().equals("465")).singleElement()
                        .satisfies(m -> assertThat(m.last()).contains("spam links"));
            }
            assertThat(IrcTestClient.registerUntilRefused(address, "victim")).extracting(IrcMessage::command)
                    .contains("465");
            assertThat(admin("bans").out()).contains("mask", "victim!*@*", "admin:", "spam links", "1 ban");

            assertThat(admin("unban", "victim").out()).contains("Unbanned victim!*@*");
            // Lifted at the server's next refresh; until then a registration is refused (and retried).
            await().atMost(ServerBans.REFRESH_INTERVAL.multipliedBy(3)).untilAsserted(() -> {
                try (IrcTestClient back = IrcTestClient.register(address, "victim")) {
                    assertThat(back.ask("WHOIS victim")).extracting(IrcMessage::command).contains("311");
                }
            });
            assertThat(admin("bans").out()).contains("0 bans");
            assertThat(admin("unban", "victim").exitCode()).isEqualTo(1);
        }
        CommandRun audit = admin("audit", "--since", "1h");
        assertThat(audit.exitCode()).isZero();
        String[] lines = audit.out().split("\n");
        assertThat(lines[0]).contains("WHEN", "WHO", "ADDRESS", "EVENT", "DETAIL");
        assertThat(lines[1]).contains("admin:", "UNBAN", "victim!*@*");
        assertThat(lines[2]).contains("admin:", "BAN", "victim!*@*", "for 1d: spam links");
    }

    @Test
    void theAuditShowsLoginsAndOperatorActionsByAccountAndTime() throws Exception {
        try (ParleyServer server = startServer()) {
            server.accounts().store().create("19803021", "Pranav Gupta", "hello-everyone");
            InetSocketAddress address = server.boundAddresses().get(0);
            try (IrcTestClient member = IrcTestClient.connect(address)) {
                member.send("CAP REQ :sasl");
                member.await("CAP");
                assertThat(SaslClient.plain(member, "19803021", "hello-everyone")).isEqualTo("903");
                member.send("CAP END");
                IrcTestClient.register(member, "pranav");
                assertThat(member.ask("OPER root op-secret")).extracting(IrcMessage::command).contains("381");
                member.send("KLINE $a:someone-else 1h :sharing");
                member.await(m -> m.command().equals("NOTICE") && m.last().contains("KLINE added"));
            }
        }
        CommandRun mine = admin("audit", "--account", "19803021");
        assertThat(mine.out()).contains("PLAIN", "SUCCESS", "OPER", "KLINE", "$a:someone-else for 1h: sharing")
                .contains("127.0.0.1");
        CommandRun other = admin("audit", "--account", "someone-else");
        assertThat(other.out()).contains("KLINE").doesNotContain("PLAIN").contains("1 entry");
        assertThat(admin("audit", "--since", Instant.now().plusSeconds(3600).toString()).out()).contains("0 entries");
        assertThat(admin("audit", "--since", "2000-01-01").out()).contains("KLINE", "PLAIN");
    }

    @Test
    void mistakesGetOneClearLineAndAFailingStatus() {
        for (String[] args : List.of(new String[] {"ban", "*"}, new String[] {"ban", "x", "--duration", "5y"},
                new String[] {"ban", "10.0.0.0/40"}, new String[] {"audit", "--since", "yesterday"},
                new String[] {"unban", "$a:bad name"})) {
            CommandRun run = admin(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err().strip().lines()).as(String.join(" ", args)).singleElement()
                    .satisfies(line -> assertThat(line).startsWith("parley admin: "));
        }
    }
}
