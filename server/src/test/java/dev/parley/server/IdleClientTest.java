package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.TestServers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idle clients are pinged; those that never answer are dropped, those that do stay. */
class IdleClientTest {
    @TempDir
    Path dataDir;

    @Test
    void silentClientsArePingedThenDropped() throws Exception {
        ParleyConfig base = TestServers.plaintext(dataDir);
        ParleyConfig.LimitsSection d = base.limits();
        ParleyConfig config = new ParleyConfig(base.server(), base.listen(), base.storage(), base.rooms(), base.auth(),
                base.tls(), new ParleyConfig.LimitsSection(d.messagesPerSecond(), d.messageBurst(),
                        d.maxConnectionsPerIp(), d.sendQueueBytes(), 1, 1, d.maxRoomsPerUser(),
                        d.registrationTimeoutSeconds()),
                base.history(), base.accounts(), base.operators(), base.source());
        try (ParleyServer server = ParleyServer.start(config);
             IrcTestClient silent = IrcTestClient.register(server.boundAddresses().get(0), "silent");
             IrcTestClient alive = IrcTestClient.register(server.boundAddresses().get(0), "alive")) {
            alive.ask("JOIN #idle");
            silent.ask("JOIN #idle");
            // The test client answers PINGs while it reads: "alive" waits (answering), "silent" reads nothing.
            IrcMessage quit = alive.await("QUIT");
            assertThat(quit.source()).startsWith("silent!");
            assertThat(quit.last()).contains("Ping timeout");
            assertThat(alive.ask("PING still-here")).extracting(IrcMessage::command).containsExactly("PONG");

            List<IrcMessage> heard = silent.awaitClose();
            assertThat(heard).extracting(IrcMessage::command).contains("PING");
            assertThat(heard.get(heard.size() - 1).command()).isEqualTo("ERROR");
            assertThat(heard.get(heard.size() - 1).last()).contains("Ping timeout");
        }
    }
}
