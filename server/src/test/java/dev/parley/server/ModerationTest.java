package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.LocalAddresses;
import dev.parley.server.testing.IrcTestClient;
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
 * Cloaked hosts, bans on a cloak, on a network (CIDR) and on an account, and mutes, against real
 * connections from the machine's own non-loopback address (loopback is never cloaked), including
 * bans set while their target is in the room.
 */
class ModerationTest {
    @TempDir
    static Path dataDir;
    static ParleyServer server;
    static InetAddress outside;
    static InetSocketAddress local;
    static InetSocketAddress fromOutside;

    @BeforeAll
    static void start() throws Exception {
        outside = LocalAddresses.nonLoopbackIpv4();
        server = ParleyServer.start(TestServers.plaintext(dataDir)
                .withListen(List.of(new ParleyConfig.ListenSection("0.0.0.0", 0, false)))
                .withOperators(List.of(new ParleyConfig.CredentialSection("root", "op-secret", Optional.empty()))));
        int port = server.boundAddresses().get(0).getPort();
        local = new InetSocketAddress("127.0.0.1", port);
        fromOutside = outside == null ? null : new InetSocketAddress(outside, port);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static IrcTestClient remote(String nick) throws Exception {
        assumeThat(outside).as("this machine has a non-loopback IPv4 address").isNotNull();
        return IrcTestClient.register(IrcTestClient.connect(fromOutside), nick);
    }

    private static String host(IrcTestClient asker, String nick) throws Exception {
        return asker.ask("WHOIS " + nick).stream().filter(m -> m.command().equals("311")).findFirst()
                .orElseThrow().param(3);
    }

    @Test
    void othersSeeACloakTheUserAndOperatorsSeeTheAddress() throws Exception {
        try (IrcTestClient user = remote("cloaked"); IrcTestClient other = IrcTestClient.register(local, "onlooker");
             IrcTestClient oper = IrcTestClient.register(local, "watcher")) {
            String shown = host(other, "cloaked");
            assertThat(shown).matches("[0-9a-f]{8}\\.[0-9a-f]{8}\\.ip").doesNotContain(outside.getHostAddress());
            assertThat(other.ask("WHOIS cloaked")).noneMatch(m -> m.command().equals("378"));

            user.ask("JOIN #seen");
            other.ask("JOIN #seen");
            assertThat(other.ask("WHO #seen")).filteredOn(m -> m.command().equals("352"))
                    .allSatisfy(m -> assertThat(m.params()).doesNotContain(outside.getHostAddress()));

            assertThat(user.ask("WHOIS cloaked")).anySatisfy(m -> {
                assertThat(m.command()).isEqualTo("378");
                assertThat(m.last()).contains(outside.getHostAddress());
            });
            oper.ask("OPER root op-secret");
            assertThat(oper.ask("WHOIS cloaked")).anySatisfy(m -> assertThat(m.command()).isEqualTo("378"));
            // The same address, the same cloak: bans on it hold across reconnections.
            try (IrcTestClient again = remote("cloaked2")) {
                assertThat(host(other, "cloaked2")).isEqualTo(shown);
            }
        }
    }

    @Test
    void aBanOnTheCloakOrOnTheNetworkBehindItHoldsAndSetWhileInsideItSilences() throws Exception {
        try (IrcTestClient op = IrcTestClient.register(local, "banner"); IrcTestClient target = remote("target")) {
            op.ask("JOIN #banned");
            target.ask("JOIN #banned");
            String cidr = outside.getHostAddress().replaceAll("\\.\\d+$", ".0") + "/24";
            op.ask("MODE #banned +b *!*@" + cidr);
            target.await("MODE");
            // Set while the target is inside: it stays, but may not speak.
            List<IrcMessage> refused = target.ask("PRIVMSG #banned :still here?");
            assertThat(refused).extracting(IrcMessage::command).containsExactly("404");
            target.ask("PART #banned");
            assertThat(target.ask("JOIN #banned")).extracting(IrcMessage::command).contains("474");

            op.ask("MODE #banned -b *!*@" + cidr);
            op.ask("MODE #banned +b *!*@" + host(op, "target"));
            assertThat(target.ask("JOIN #banned")).extracting(IrcMessage::command).contains("474");
            // A network that is not the target's holds nothing against it.
            op.ask("MODE #banned -b *!*@" + host(op, "target"));
            op.ask("MODE #banned +b *!*@198.51.100.0/24");
            assertThat(target.ask("JOIN #banned")).extracting(IrcMessage::command).contains("JOIN");
        }
    }

    @Test
    void aMutedMemberStaysAndReadsButMayNotSpeakUnlessVoiced() throws Exception {
        try (IrcTestClient op = IrcTestClient.register(local, "muter"); IrcTestClient loud = IrcTestClient.register(local, "loud")) {
            op.ask("JOIN #quiet");
            loud.ask("JOIN #quiet");
            op.ask("MODE #quiet +b $m:loud!*@*");
            loud.await("MODE");
            assertThat(loud.ask("PRIVMSG #quiet :hello?")).singleElement().satisfies(m -> {
                assertThat(m.command()).isEqualTo("404");
                assertThat(m.last()).contains("muted");
            });
            op.ask("PRIVMSG #quiet :you can still read");
            assertThat(loud.await("PRIVMSG").last()).isEqualTo("you can still read");
            loud.ask("PART #quiet");
            assertThat(loud.ask("JOIN #quiet")).extracting(IrcMessage::command).contains("JOIN"); // a mute is no ban

            op.ask("MODE #quiet +v loud");
            loud.sync();
            assertThat(loud.ask("PRIVMSG #quiet :voiced now")).isEmpty();
            assertThat(op.await("PRIVMSG").last()).isEqualTo("voiced now");
        }
    }
}
