package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.moderation.AuditTrail;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.TestServers;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CHGHOST over TLS: an operator changes a user's visible user@host; who sees the user hears of it. */
class ChghostTest {
    @TempDir
    static Path dataDir;
    static ParleyServer server;
    static InetSocketAddress address;
    static String fingerprint;

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start(TestServers.plaintext(dataDir)
                .withListen(List.of(new ParleyConfig.ListenSection("127.0.0.1", 0, true)))
                .withOperators(List.of(new ParleyConfig.CredentialSection("root", "op-secret", Optional.empty()))));
        address = server.boundAddresses().get(0);
        fingerprint = server.certificateFingerprint().orElseThrow();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static IrcTestClient client(String nick, String caps) throws Exception {
        IrcTestClient c = IrcTestClient.connectTls(address, fingerprint);
        if (caps != null) {
            c.send("CAP REQ :" + caps);
            assertThat(c.await("CAP").params()).contains("ACK");
            c.send("CAP END");
        }
        return IrcTestClient.register(c, nick);
    }

    private static IrcTestClient operator(String nick) throws Exception {
        IrcTestClient op = client(nick, null);
        assertThat(op.ask("OPER root op-secret")).extracting(IrcMessage::command).contains("381");
        return op;
    }

    private static List<String> commands(List<IrcMessage> messages) {
        return messages.stream().map(IrcMessage::command).toList();
    }

    @Test
    void peersWithChghostHearItOthersSeeTheUserRejoinWithItsModes() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        String oldPrefix;
        try (IrcTestClient op = operator("hostop");
             IrcTestClient alice = client("alice", "chghost");
             IrcTestClient bob = client("bob", "chghost");
             IrcTestClient carol = client("carol", "extended-join")) {
            alice.ask("JOIN #vhosts"); // alice made it: its operator
            bob.ask("JOIN #vhosts");
            carol.ask("JOIN #vhosts");
            alice.sync();
            IrcMessage was = alice.ask("WHOIS alice").stream()
                    .filter(m -> m.command().equals("311")).findFirst().orElseThrow();
            oldPrefix = "alice!" + was.param(2) + "@" + was.param(3);

            List<IrcMessage> done = op.ask("CHGHOST alice vuser staff/alice");
            assertThat(commands(done)).containsExactly("NOTICE");
            assertThat(done.get(0).last()).contains("vuser@staff/alice");

            List<IrcMessage> toAlice = alice.sync();
            assertThat(toAlice).extracting(IrcMessage::source, IrcMessage::command)
                    .containsExactly(tuple(oldPrefix, "CHGHOST"), tuple(server.context().serverName(), "396"));
            assertThat(toAlice.get(0).params()).containsExactly("vuser", "staff/alice");
            assertThat(toAlice.get(1).param(1)).isEqualTo("vuser@staff/alice");

            IrcMessage toBob = bob.await("CHGHOST");
            assertThat(toBob.source()).isEqualTo(oldPrefix);
            assertThat(toBob.params()).containsExactly("vuser", "staff/alice");
            assertThat(commands(bob.sync())).isEmpty();

            List<IrcMessage> toCarol = carol.awaitAll(m -> m.command().equals("MODE"));
            assertThat(toCarol).extracting(IrcMessage::command).containsExactly("QUIT", "JOIN", "MODE");
            assertThat(toCarol.get(0).source()).isEqualTo(oldPrefix);
            assertThat(toCarol.get(0).last()).isEqualTo("Changing host");
            assertThat(toCarol.get(1).source()).isEqualTo("alice!vuser@staff/alice");
            assertThat(toCarol.get(1).params()).containsExactly("#vhosts", "*", "Real alice");
            assertThat(toCarol.get(2).params()).containsExactly("#vhosts", "+o", "alice");

            IrcMessage who = carol.ask("WHO #vhosts").stream()
                    .filter(m -> m.command().equals("352") && m.param(5).equals("alice")).findFirst().orElseThrow();
            assertThat(who.param(2)).isEqualTo("vuser");
            assertThat(who.param(3)).isEqualTo("staff/alice");
            List<IrcMessage> whois = op.ask("WHOIS alice");
            assertThat(whois).filteredOn(m -> m.command().equals("311")).singleElement()
                    .satisfies(m -> assertThat(m.params().subList(2, 4)).containsExactly("vuser", "staff/alice"));
            assertThat(whois).filteredOn(m -> m.command().equals("378")).singleElement()
                    .satisfies(m -> assertThat(m.last()).endsWith("127.0.0.1"));
            assertThat(carol.ask("WHOIS alice")).extracting(IrcMessage::command).doesNotContain("378");

            // a room ban on the new host holds
            carol.ask("JOIN #closed");
            carol.ask("MODE #closed +b *!*@staff/alice");
            assertThat(commands(alice.ask("JOIN #closed"))).containsExactly("474");
        }
        AuditTrail audit = new AuditTrail(server.accounts().database());
        await().untilAsserted(() -> assertThat(audit.read(Optional.empty(), before, 100))
                .filteredOn(e -> e.event().equals("CHGHOST") && e.who().equals("hostop")).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("alice " + oldPrefix.substring("alice!".length())
                        + " -> vuser@staff/alice")));
    }

    @Test
    void onlyOperatorsMayAndBadInputIsRefused() throws Exception {
        try (IrcTestClient op = operator("strictop"); IrcTestClient user = client("plainuser", null)) {
            assertThat(commands(user.ask("CHGHOST plainuser me my.host"))).containsExactly("481");
            assertThat(commands(op.ask("CHGHOST nobody u h"))).containsExactly("401");
            assertThat(commands(op.ask("CHGHOST plainuser u"))).containsExactly("461");
            for (String bad : List.of("CHGHOST plainuser a@b host", "CHGHOST plainuser -u host",
                    "CHGHOST plainuser " + "u".repeat(19) + " host", "CHGHOST plainuser u ho!st",
                    "CHGHOST plainuser u -host", "CHGHOST plainuser u " + "h".repeat(65),
                    "CHGHOST plainuser u a:b")) {
                List<IrcMessage> refused = op.ask(bad);
                assertThat(refused).as(bad).extracting(IrcMessage::command).containsExactly("FAIL");
                assertThat(refused.get(0).params().subList(0, 3)).containsExactly("CHGHOST", "INVALID_PARAMS",
                        "plainuser");
            }
            IrcMessage whois = user.ask("WHOIS plainuser").stream().filter(m -> m.command().equals("311"))
                    .findFirst().orElseThrow();
            assertThat(whois.param(2)).isEqualTo("~plainuser");
            assertThat(commands(user.sync())).isEmpty();
        }
    }

    @Test
    void anOperatorWithStandardRepliesIsToldByNote() throws Exception {
        try (IrcTestClient op = client("noteop", "standard-replies"); IrcTestClient user = client("noted", null)) {
            assertThat(op.ask("OPER root op-secret")).extracting(IrcMessage::command).contains("381");
            List<IrcMessage> done = op.ask("CHGHOST noted n noted.example");
            assertThat(done).extracting(IrcMessage::command).containsExactly("NOTE");
            assertThat(done.get(0).params().subList(0, 3)).containsExactly("CHGHOST", "HOST_CHANGED", "noted");
        }
    }
}
