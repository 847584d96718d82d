package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.SendQueueFlood;
import dev.parley.server.testing.TestServers;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client that stops reading is dropped at its send-queue limit; the others go on. */
class SendQueueTest {
    @TempDir
    Path dataDir;

    @Test
    void aClientThatNeverReadsIsDroppedAndTheRoomGoesOn() throws Exception {
        ParleyConfig base = TestServers.plaintext(dataDir);
        ParleyConfig.LimitsSection d = base.limits();
        ParleyConfig config = new ParleyConfig(base.server(), base.listen(), base.storage(), base.rooms(), base.auth(),
                base.tls(), new ParleyConfig.LimitsSection(100_000, 100_000, d.maxConnectionsPerIp(), 64 * 1024,
                        d.pingIntervalSeconds(), d.pingTimeoutSeconds(), d.maxRoomsPerUser(),
                        d.registrationTimeoutSeconds()),
                base.history(), base.accounts(), base.operators(), base.source());
        try (ParleyServer server = ParleyServer.start(config)) {
            InetSocketAddress address = server.boundAddresses().get(0);
            Socket raw = new Socket();
            raw.setReceiveBufferSize(4096); // keeps the kernel from absorbing the flood for it
            raw.connect(address);
            try (IrcTestClient stalled = IrcTestClient.register(new IrcTestClient(raw), "stalled");
                 IrcTestClient talker = IrcTestClient.register(address, "talker")) {
                stalled.ask("JOIN #flood");
                talker.ask("JOIN #flood");
                IrcMessage quit = SendQueueFlood.untilSomeoneIsDropped(talker, "#flood");
                assertThat(quit).as("the stalled client was dropped").isNotNull();
                assertThat(quit.source()).startsWith("stalled!");
                assertThat(quit.last()).isEqualTo("SendQ exceeded");
                try (IrcTestClient newcomer = IrcTestClient.register(address, "newcomer")) {
                    newcomer.ask("JOIN #flood");
                    talker.ask("PRIVMSG #flood :still flowing");
                    assertThat(newcomer.await("PRIVMSG").last()).isEqualTo("still flowing");
                }
            }
        }
    }
}
