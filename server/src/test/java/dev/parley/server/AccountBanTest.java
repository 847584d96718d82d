package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.SaslClient;
import dev.parley.server.testing.TestServers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Account extbans (IRCv3 account-extban): {@code +b $a:account} keeps a member out, whatever nick or host. */
class AccountBanTest {
    @TempDir
    Path dataDir;

    private static IrcTestClient member(ParleyServer server, String name, String nick) throws Exception {
        IrcTestClient c = IrcTestClient.connectTls(server.boundAddresses().get(0),
                server.certificateFingerprint().orElseThrow());
        c.send("CAP REQ :sasl");
        c.await("CAP");
        assertThat(SaslClient.plain(c, name, name + "-password")).isEqualTo("903");
        c.send("CAP END");
        return IrcTestClient.register(c, nick);
    }

    @Test
    void anAccountBanHoldsWhateverTheNickAndOnlyForThatAccount() throws Exception {
        ParleyConfig config = TestServers.plaintext(dataDir)
                .withListen(List.of(new ParleyConfig.ListenSection("127.0.0.1", 0, true)));
        try (ParleyServer server = ParleyServer.start(config)) {
            server.accounts().store().create("bob", "Bob", "bob-password");
            server.accounts().store().create("op", "Op", "op-password");
            assertThat(server.context().isupport().get("EXTBAN")).isEqualTo("$,am");
            assertThat(server.context().isupport().get("ACCOUNTEXTBAN")).isEqualTo("a");
            try (IrcTestClient op = member(server, "op", "op");
                 IrcTestClient bob = member(server, "bob", "disguised");
                 IrcTestClient guest = IrcTestClient.register(IrcTestClient.connectTls(server.boundAddresses().get(0),
                         server.certificateFingerprint().orElseThrow()), "bob2")) {
                op.ask("JOIN #club");
                assertThat(op.ask("MODE #club +b $a:BOB")).singleElement()
                        .satisfies(m -> assertThat(m.params()).containsExactly("#club", "+b", "$a:BOB"));
                assertThat(bob.ask("JOIN #club")).extracting(IrcMessage::command).containsExactly("474");
                assertThat(guest.ask("JOIN #club")).extracting(IrcMessage::command).contains("JOIN");

                op.ask("MODE #club +e $a:bob");
                assertThat(bob.ask("JOIN #club")).extracting(IrcMessage::command).contains("JOIN");
                bob.ask("PART #club");
                op.ask("MODE #club -e $a:bob");
                op.ask("MODE #club -b $a:BOB");
                assertThat(bob.ask("JOIN #club")).extracting(IrcMessage::command).contains("JOIN");
            }
        }
    }
}
