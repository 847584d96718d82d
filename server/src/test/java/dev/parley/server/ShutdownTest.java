package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.TestServers;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a stopping server and a closing session still do, and what they no longer do. */
class ShutdownTest {
    private static final int MEMBERS = 40;

    @TempDir
    Path dataDir;

    /**
     * Everyone in one room when the server stops: each is told, gets its ERROR and is closed, and
     * nobody is sent the departures of the others. Those would be members² lines, which with
     * tens of thousands of members kept a stopping server busy for minutes.
     */
    @Test
    void stoppingTellsEachClientOnceAndNobodyOfTheOthers() throws Exception {
        List<IrcTestClient> clients = new ArrayList<>();
        try {
            ParleyServer server = ParleyServer.start(TestServers.plaintext(dataDir));
            InetSocketAddress address = server.boundAddresses().get(0);
            for (int i = 0; i < MEMBERS; i++) {
                IrcTestClient client = IrcTestClient.register(address, "m" + i);
                client.ask("JOIN #all");
                clients.add(client);
            }
            for (IrcTestClient client : clients) {
                client.sync(); // the JOINs of those after it
            }
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::close);
            for (IrcTestClient client : clients) {
                List<IrcMessage> last = client.awaitClose();
                assertThat(last).extracting(IrcMessage::command).containsExactly("NOTICE", "ERROR");
                assertThat(last.get(0).last()).isEqualTo("Server is shutting down");
                assertThat(last.get(1).last()).contains("Server shutting down");
            }
            stopped.get();
        } finally {
            for (IrcTestClient client : clients) {
                client.close();
            }
        }
    }

    /**
     * A guest refused at registration (members only) that sends a NICK right behind its USER in
     * the same packet must not keep that nick: lines read after a session starts closing change
     * nothing.
     */
    @Test
    void linesAfterARefusalChangeNothing() throws Exception {
        ParleyConfig base = TestServers.plaintext(dataDir);
        ParleyConfig membersOnly = base.withAuth(new ParleyConfig.AuthSection(false, java.util.Optional.empty(),
                false, true));
        try (ParleyServer server = ParleyServer.start(membersOnly)) {
            InetSocketAddress address = server.boundAddresses().get(0);
            try (IrcTestClient squatter = IrcTestClient.connect(address)) {
                squatter.sendRaw("NICK a\r\nUSER a 0 * :a\r\nNICK victim\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                List<IrcMessage> last = squatter.awaitClose();
                assertThat(last).extracting(IrcMessage::command).contains("ERROR");
            }
            try (IrcTestClient victim = IrcTestClient.connect(address)) {
                victim.send("CAP LS 302");
                victim.send("NICK victim");
                List<IrcMessage> answer = victim.sync();
                assertThat(answer).extracting(IrcMessage::command).doesNotContain("433");
            }
        }
    }
}
