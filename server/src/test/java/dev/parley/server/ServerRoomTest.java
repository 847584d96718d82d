package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.TestServers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The auto-join rooms belong to the server: arriving first in one gives no power over it (else
 * the first member after a restart could lock everyone else out); IRC operators run them.
 */
class ServerRoomTest {
    @TempDir
    Path dataDir;

    private ParleyConfig config() {
        ParleyConfig base = TestServers.plaintext(dataDir).withRooms(new ParleyConfig.RoomsSection(List.of("#lobby")));
        return new ParleyConfig(base.server(), base.listen(), base.storage(), base.rooms(), base.auth(), base.tls(),
                base.limits(), base.history(), List.of(),
                List.of(new ParleyConfig.CredentialSection("admin", "op-secret", Optional.empty())), base.source());
    }

    /** Registers and returns what came up to the end of the auto-join's NAMES. */
    private static List<IrcMessage> arrive(IrcTestClient client, String nick) throws IOException {
        client.send("NICK " + nick);
        client.send("USER " + nick + " 0 * :" + nick);
        return client.awaitAll(m -> m.command().equals("366"));
    }

    private static String names(List<IrcMessage> messages) {
        return messages.stream().filter(m -> m.command().equals("353")).map(IrcMessage::last)
                .findFirst().orElseThrow();
    }

    @Test
    void arrivingFirstGivesNoPowerOverTheServerRoomButOperatorsRunIt() throws Exception {
        try (ParleyServer server = ParleyServer.start(config())) {
            InetSocketAddress address = server.boundAddresses().get(0);
            try (IrcTestClient first = IrcTestClient.connect(address);
                 IrcTestClient second = IrcTestClient.connect(address)) {
                assertThat(names(arrive(first, "first"))).isEqualTo("first");
                assertThat(first.ask("MODE #lobby +i")).extracting(IrcMessage::command).containsExactly("482");
                assertThat(first.ask("KICK #lobby first")).extracting(IrcMessage::command).containsExactly("482");
                // Any other room still belongs to whoever makes it.
                assertThat(names(first.ask("JOIN #own"))).isEqualTo("@first");

                assertThat(names(arrive(second, "second"))).isEqualTo("first second");
                List<IrcMessage> oper = second.ask("OPER admin op-secret");
                assertThat(oper).extracting(IrcMessage::command).containsExactly("381", "MODE", "MODE");
                IrcMessage op = first.await("MODE");
                assertThat(op.source()).isEqualTo(server.context().serverName());
                assertThat(op.params()).containsExactly("#lobby", "+o", "second");
                assertThat(second.ask("TOPIC #lobby :Welcome, members")).extracting(IrcMessage::command)
                        .containsExactly("TOPIC");

                // An operator who arrives later is made operator of it at once.
                try (IrcTestClient third = IrcTestClient.connect(address)) {
                    arrive(third, "third");
                    third.ask("OPER admin op-secret");
                    second.send("PART #lobby");
                    second.await("PART");
                    second.send("JOIN #lobby");
                    List<IrcMessage> back = second.awaitAll(m -> m.command().equals("MODE"));
                    assertThat(names(back)).doesNotContain("@second");
                    assertThat(back.get(back.size() - 1).params()).containsExactly("#lobby", "+o", "second");
                }
            }
        }
    }
}
