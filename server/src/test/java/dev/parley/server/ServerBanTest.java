package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.moderation.AuditTrail;
import dev.parley.server.testing.LocalAddresses;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.MutableClock;
import dev.parley.server.testing.SaslClient;
import dev.parley.server.testing.TestServers;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server bans against real connections: KLINE by mask and by account, DLINE of a network, set
 * while their targets are connected (dropped at once) and met again at reconnect and login;
 * refusal before TLS; expiry by the server's clock; operators only; every action in the audit.
 */
class ServerBanTest {
    @TempDir
    Path dataDir;
    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    ParleyServer server;
    InetAddress outside;
    /** Plaintext, on every interface: clients from loopback and from the machine's other address. */
    int plainPort;
    int tlsPort;

    @BeforeEach
    void start() throws Exception {
        outside = LocalAddresses.nonLoopbackIpv4();
        server = ParleyServer.start(TestServers.plaintext(dataDir)
                .withListen(List.of(new ParleyConfig.ListenSection("0.0.0.0", 0, false),
                        new ParleyConfig.ListenSection("0.0.0.0", 0, true)))
                .withOperators(List.of(new ParleyConfig.CredentialSection("root", "op-secret", Optional.empty()))),
                clock);
        plainPort = server.boundAddresses().get(0).getPort();
        tlsPort = server.boundAddresses().get(1).getPort();
        server.accounts().store().create("19803021", "Pranav Gupta", "hello-everyone");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private InetSocketAddress local() {
        return new InetSocketAddress("127.0.0.1", plainPort);
    }

    private InetSocketAddress fromOutside() {
        assumeThat(outside).as("this machine has a non-loopback IPv4 address").isNotNull();
        return new InetSocketAddress(outside, plainPort);
    }

    private IrcTestClient operator() throws Exception {
        IrcTestClient op = IrcTestClient.register(local(), "boss");
        assertThat(op.ask("OPER root op-secret")).extracting(IrcMessage::command).contains("381");
        return op;
    }

    /** Sends a command and waits for the server's NOTICE saying it was done. */
    private static IrcMessage done(IrcTestClient op, String line) throws Exception {
        op.send(line);
        return op.await(m -> m.command().equals("NOTICE") || m.command().equals("FAIL"));
    }

    private static void assertDroppedFor(IrcTestClient client, String reason) throws Exception {
        List<IrcMessage> last = client.awaitClose();
        assertThat(last).filteredOn(m -> m.command().equals("465")).singleElement()
                .satisfies(m -> assertThat(m.last()).contains(reason));
        assertThat(last.get(last.size() - 1).command()).isEqualTo("ERROR");
    }

    @Test
    void aKlineOnAMaskDropsTheConnectedClientAtOnceAndRefusesItsReturn() throws Exception {
        try (IrcTestClient op = operator();
             IrcTestClient victim = IrcTestClient.register(IrcTestClient.connect(fromOutside()), "victim");
             IrcTestClient bystander = IrcTestClient.register(local(), "bystander")) {
            victim.ask("JOIN #room");
            bystander.ask("JOIN #room");
            // The ban names the real address; others see the victim under a cloak, and it holds all the same.
            assertThat(done(op, "KLINE *!*@" + outside.getHostAddress() + " 1d :spamming").last())
                    .contains("KLINE added", "for 1d", "spamming");
            assertDroppedFor(victim, "spamming");
            IrcMessage quit = bystander.await("QUIT");
            assertThat(quit.source()).startsWith("victim!");
            assertThat(quit.last()).isEqualTo("K-Lined").doesNotContain("spamming");

            List<IrcMessage> again = IrcTestClient.registerUntilRefused(fromOutside(), "victim2");
            assertThat(again).extracting(IrcMessage::command).contains("465").doesNotContain("001");

            List<IrcMessage> listed = op.ask("STATS k");
            assertThat(listed).filteredOn(m -> m.command().equals("216")).singleElement().satisfies(m ->
                    assertThat(m.params()).containsExactly("boss", "K", "*!*@" + outside.getHostAddress(), "boss", "1d",
                            "spamming"));
            assertThat(listed.get(listed.size() - 1).command()).isEqualTo("219");

            assertThat(done(op, "UNKLINE *!*@" + outside.getHostAddress()).last()).contains("removed");
            try (IrcTestClient back = IrcTestClient.register(IrcTestClient.connect(fromOutside()), "victim")) {
                assertThat(back.ask("WHOIS victim")).extracting(IrcMessage::command).contains("311");
            }
        }
    }

    @Test
    void aKlineOnAnAccountDropsTheMemberWhateverItsNickAndRefusesItsLogin() throws Exception {
        try (IrcTestClient op = operator(); IrcTestClient member = IrcTestClient.connect(local())) {
            member.send("CAP REQ :sasl");
            member.await("CAP");
            assertThat(SaslClient.plain(member, "19803021", "hello-everyone")).isEqualTo("903");
            member.send("CAP END");
            IrcTestClient.register(member, "pranav");

            assertThat(done(op, "KLINE $a:19803021 :account shared").last()).contains("permanent");
            assertDroppedFor(member, "account shared");

            try (IrcTestClient again = IrcTestClient.connect(local())) {
                again.send("CAP REQ :sasl");
                again.await("CAP");
                again.send("NICK other");
                again.send("USER other 0 * :Other");
                again.send("AUTHENTICATE PLAIN");
                again.await("AUTHENTICATE");
                again.send("AUTHENTICATE " + Base64.getEncoder().encodeToString(
                        ("\0" + "19803021" + "\0" + "hello-everyone").getBytes(StandardCharsets.UTF_8)));
                List<IrcMessage> rest = again.awaitClose();
                assertThat(rest).extracting(IrcMessage::command).contains("465").doesNotContain("903", "001")
                        .endsWith("ERROR");
            }
        }
    }

    @Test
    void aDlineOfANetworkDropsConnectedClientsAndRefusesNewOnesBeforeTls() throws Exception {
        try (IrcTestClient op = operator();
             IrcTestClient victim = IrcTestClient.register(IrcTestClient.connect(fromOutside()), "victim")) {
            String network = outside.getHostAddress().replaceFirst("\\.[0-9]+$", ".0") + "/24";
            assertThat(done(op, "DLINE " + outside.getHostAddress() + "/24 2h :open proxy").last())
                    .contains("DLINE added on " + network, "for 2h");
            assertDroppedFor(victim, "open proxy");

            // Plaintext hears why; TLS is closed before any handshake (nothing was sent, yet it ends).
            List<IrcMessage> plain;
            try (IrcTestClient again = IrcTestClient.connect(fromOutside())) {
                plain = again.awaitClose(); // before it says anything
            }
            assertThat(plain).extracting(IrcMessage::command).containsExactly("ERROR");
            assertThat(plain.get(0).last()).contains("open proxy");
            try (Socket raw = new Socket()) {
                raw.bind(new InetSocketAddress(outside, 0));
                raw.connect(new InetSocketAddress(outside, tlsPort), 10_000);
                raw.setSoTimeout(10_000);
                InputStream in = raw.getInputStream();
                assertThat(in.read()).isEqualTo(-1);
            }
            // Loopback is another network: untouched.
            assertThat(op.ask("STATS d")).filteredOn(m -> m.command().equals("225")).singleElement()
                    .satisfies(m -> assertThat(m.param(2)).isEqualTo(network));

            assertThat(done(op, "UNDLINE " + network).last()).contains("removed");
            try (IrcTestClient back = IrcTestClient.register(IrcTestClient.connect(fromOutside()), "back")) {
                assertThat(back.ask("WHOIS back")).extracting(IrcMessage::command).contains("311");
            }
        }
    }

    @Test
    void aDlineOfAnIpv6AddressDropsAndRefusesItsClients(@TempDir Path otherData) throws Exception {
        ParleyServer dual;
        try {
            dual = ParleyServer.start(TestServers.plaintext(otherData)
                    .withListen(List.of(new ParleyConfig.ListenSection("127.0.0.1", 0, false),
                            new ParleyConfig.ListenSection("::1", 0, false)))
                    .withOperators(List.of(new ParleyConfig.CredentialSection("root", "op-secret", Optional.empty()))));
        } catch (java.io.IOException noIpv6) {
            assumeThat(noIpv6).as("this machine has IPv6 loopback").isNull();
            return;
        }
        try (dual) {
            InetSocketAddress v6 = dual.boundAddresses().get(1);
            try (IrcTestClient op = IrcTestClient.register(dual.boundAddresses().get(0), "boss");
                 IrcTestClient sixer = IrcTestClient.register(v6, "sixer")) {
                assertThat(op.ask("OPER root op-secret")).extracting(IrcMessage::command).contains("381");
                assertThat(done(op, "DLINE 0:0:0:0:0:0:0:1 :v6 only").last()).contains("DLINE added on ::1");
                assertDroppedFor(sixer, "v6 only");
                try (IrcTestClient again = IrcTestClient.connect(v6)) {
                    assertThat(again.awaitClose()).extracting(IrcMessage::command).containsExactly("ERROR");
                }
            }
        }
    }

    @Test
    void aBanEndsWhenItsTimeIsUp() throws Exception {
        try (IrcTestClient op = operator(); IrcTestClient victim = IrcTestClient.register(local(), "shortban")) {
            assertThat(done(op, "KLINE shortban 1h :cool off").last()).contains("shortban!*@*", "for 1h");
            assertDroppedFor(victim, "cool off");
            assertThat(IrcTestClient.registerUntilRefused(local(), "shortban")).extracting(IrcMessage::command)
                    .contains("465");

            clock.advance(Duration.ofMinutes(61));
            try (IrcTestClient back = IrcTestClient.register(local(), "shortban")) {
                assertThat(back.ask("WHOIS shortban")).extracting(IrcMessage::command).contains("311");
            }
            assertThat(op.ask("STATS k")).extracting(IrcMessage::command).doesNotContain("216");
        }
    }

    @Test
    void onlyOperatorsMayBanAndBadBansAreRefusedWithAReason() throws Exception {
        try (IrcTestClient guest = IrcTestClient.register(local(), "guest"); IrcTestClient op = operator()) {
            for (String command : List.of("KLINE x :r", "UNKLINE x", "DLINE 192.0.2.1 :r", "UNDLINE 192.0.2.1",
                    "STATS k")) {
                assertThat(guest.ask(command)).extracting(IrcMessage::command).startsWith("481");
            }
            assertThat(op.ask("KLINE *!*@* :everyone")).singleElement()
                    .satisfies(m -> assertThat(m.params()).startsWith("KLINE", "INVALID_PARAMS"));
            assertThat(op.ask("DLINE not-an-address :r").get(0).last()).contains("not an IP address");
            assertThat(op.ask("DLINE 192.0.2.0/33 :r").get(0).last()).contains("1 to 32");
            assertThat(op.ask("KLINE x 5y :r").get(0).last()).contains("not a duration");
            // A typo that would ban the operator is refused rather than obeyed.
            assertThat(op.ask("KLINE boss :oops").get(0).last()).contains("against you");
            assertThat(op.ask("DLINE 127.0.0.0/8 :oops").get(0).last()).contains("against you");
            assertThat(op.ask("UNKLINE nobody").get(0).params()).startsWith("UNKLINE", "NO_SUCH_BAN");
            // Nothing was banned: the guest is still here.
            assertThat(guest.ask("WHOIS guest")).extracting(IrcMessage::command).contains("311");
        }
    }

    @Test
    void everyOperatorActionIsInTheAuditLog() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        try (IrcTestClient op = operator(); IrcTestClient target = IrcTestClient.register(local(), "target")) {
            done(op, "KLINE spammer!*@* 30m :flood");
            done(op, "UNKLINE spammer!*@*");
            done(op, "DLINE 2001:db8::1/32 :v6 network");
            done(op, "UNDLINE 2001:db8::/32");
            op.send("KILL target :go away");
            target.awaitClose();
        }
        AuditTrail audit = new AuditTrail(server.accounts().database());
        await().untilAsserted(() -> assertThat(audit.read(Optional.empty(), before, 100))
                .filteredOn(e -> !e.event().equals("OPER") || e.who().equals("boss"))
                .extracting(AuditTrail.Entry::event, AuditTrail.Entry::detail)
                .containsExactly(
                        tuple("KILL", "target go away"),
                        tuple("UNDLINE", "2001:db8::/32"),
                        tuple("DLINE", "2001:db8::/32 permanent: v6 network"),
                        tuple("UNKLINE", "spammer!*@*"),
                        tuple("KLINE", "spammer!*@* for 30m: flood"),
                        tuple("OPER", "root granted")));
        assertThat(audit.read(Optional.empty(), before, 100)).allSatisfy(e -> assertThat(e.detail())
                .doesNotContain("op-secret"));
    }
}
