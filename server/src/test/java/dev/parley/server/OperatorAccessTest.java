package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.account.AuditEvent;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.LocalAddresses;
import dev.parley.server.testing.TestServers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OPER and PASS as an attacker meets them: one answer for every failure, the login throttle and
 * audit trail for every attempt, OPER over TLS (or loopback) only, and no way to leave a client
 * waiting for ever.
 */
class OperatorAccessTest {
    @TempDir
    static Path dataDir;
    static ParleyServer server;
    static InetSocketAddress tls;
    static InetSocketAddress plaintextLoopback;
    static int wildcardPort;
    static String fingerprint;

    @BeforeAll
    static void start() throws Exception {
        ParleyConfig config = TestServers.plaintext(dataDir)
                .withListen(List.of(new ParleyConfig.ListenSection("127.0.0.1", 0, true),
                        new ParleyConfig.ListenSection("127.0.0.1", 0, false),
                        new ParleyConfig.ListenSection("0.0.0.0", 0, false)))
                .withOperators(List.of(new ParleyConfig.CredentialSection("root", "op-secret", Optional.empty()),
                        new ParleyConfig.CredentialSection("local-op", "local-secret", Optional.empty())));
        server = ParleyServer.start(config);
        tls = server.boundAddresses().get(0);
        plaintextLoopback = server.boundAddresses().get(1);
        wildcardPort = server.boundAddresses().get(2).getPort();
        fingerprint = server.certificateFingerprint().orElseThrow();
        server.accounts().store().create("plainmember", "Plain Member", "member-pw");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static IrcTestClient guest(String nick) throws Exception {
        return IrcTestClient.register(IrcTestClient.connectTls(tls, fingerprint), nick);
    }

    @Test
    void anOperWithANameNoAccountCouldHaveIsAnsweredAndTheClientGoesOn() throws Exception {
        try (IrcTestClient c = guest("oddname")) {
            assertThat(c.ask("OPER bad!name whatever")).extracting(IrcMessage::command).containsExactly("464");
            // Before the fix the session stayed suspended: this PING was never answered.
            c.send("PING :still-here");
            assertThat(c.await("PONG").last()).isEqualTo("still-here");
        }
    }

    @Test
    void everyFailureGetsTheSameAnswerAndGuessingTheOperatorIsThrottledAndAudited() throws Exception {
        try (IrcTestClient c = guest("guesser")) {
            List<IrcMessage> wrongPassword = c.ask("OPER root guess-0");
            List<IrcMessage> unknownName = c.ask("OPER nobody guess");
            List<IrcMessage> notAnOperator = c.ask("OPER plainmember member-pw");
            for (List<IrcMessage> answer : List.of(unknownName, notAnOperator)) {
                assertThat(answer).usingRecursiveComparison().isEqualTo(wrongPassword);
            }
            assertThat(server.accounts().store().find("plainmember").orElseThrow().lastLoginAt()).isEmpty();
            for (int i = 1; i < 5; i++) {
                assertThat(c.ask("OPER root guess-" + i)).usingRecursiveComparison().isEqualTo(wrongPassword);
            }
            // Five wrong guesses: the right password is refused too, with the same answer.
            assertThat(c.ask("OPER root op-secret")).usingRecursiveComparison().isEqualTo(wrongPassword);
            assertThat(c.ask("WHOIS guesser")).noneMatch(m -> m.command().equals("313"));
        }
        List<AuditEvent> audit = server.accounts().store().recentAudit(50);
        assertThat(audit).filteredOn(e -> e.mechanism().equals("OPER") && e.accountName().equals("root"))
                .extracting(AuditEvent::outcome)
                .containsExactly("THROTTLED", "BAD_CREDENTIALS", "BAD_CREDENTIALS", "BAD_CREDENTIALS",
                        "BAD_CREDENTIALS", "BAD_CREDENTIALS");
    }

    @Test
    void operIsRefusedOverPlaintextUnlessFromLoopback() throws Exception {
        InetAddress outside = LocalAddresses.nonLoopbackIpv4();
        assumeThat(outside).as("this machine has a non-loopback IPv4 address").isNotNull();
        try (IrcTestClient c = IrcTestClient.register(
                IrcTestClient.connect(new InetSocketAddress(outside, wildcardPort)), "outsider")) {
            List<IrcMessage> answer = c.ask("OPER local-op local-secret");
            assertThat(answer).extracting(IrcMessage::command).containsExactly("491");
            assertThat(answer.get(0).last()).contains("TLS");
        }
        // Audited on the login pool, after the answer.
        await().untilAsserted(() -> assertThat(server.accounts().store().recentAudit(50))
                .anySatisfy(e -> assertThat(e.outcome()).isEqualTo("NEEDS_TLS")));
        try (IrcTestClient c = IrcTestClient.register(IrcTestClient.connect(plaintextLoopback), "local")) {
            assertThat(c.ask("OPER local-op local-secret")).extracting(IrcMessage::command).startsWith("381");
        }
    }

    @Test
    void guessingTheServerPasswordIsThrottledPerAddress(@TempDir Path otherData) throws Exception {
        ParleyConfig config = TestServers.plaintext(otherData)
                .withAuth(TestServers.auth(true, Optional.of("letmein")));
        try (ParleyServer guarded = ParleyServer.start(config)) {
            InetSocketAddress address = guarded.boundAddresses().get(0);
            for (int i = 0; i < 20; i++) {
                try (IrcTestClient c = IrcTestClient.connect(address)) {
                    c.send("PASS guess-" + i);
                    c.send("NICK g" + i);
                    c.send("USER g 0 * :g");
                    assertThat(c.awaitClose()).extracting(IrcMessage::command).contains("464");
                }
            }
            try (IrcTestClient c = IrcTestClient.connect(address)) {
                c.send("PASS letmein");
                c.send("NICK right");
                c.send("USER r 0 * :r");
                assertThat(c.awaitClose()).extracting(IrcMessage::command).contains("464").doesNotContain("001");
            }
            assertThat(guarded.accounts().store().recentAudit(100))
                    .filteredOn(e -> e.mechanism().equals("PASS")).hasSize(21)
                    .allSatisfy(e -> assertThat(e.accountName()).isEmpty());
        }
    }
}
