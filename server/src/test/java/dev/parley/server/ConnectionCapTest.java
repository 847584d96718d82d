package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.TestServers;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server-wide connection cap, and refusals that cost the server no TLS handshake. */
class ConnectionCapTest {
    @TempDir
    Path dataDir;

    @Test
    void pastTheServersCapConnectionsAreRefusedAndATlsOneWithoutAHandshake() throws Exception {
        ParleyConfig base = TestServers.plaintext(dataDir);
        ParleyConfig config = base.withListen(List.of(new ParleyConfig.ListenSection("127.0.0.1", 0, false),
                        new ParleyConfig.ListenSection("127.0.0.1", 0, true)))
                .withLimits(base.limits().withMaxConnections(2));
        try (ParleyServer server = ParleyServer.start(config)) {
            InetSocketAddress plaintext = server.boundAddresses().get(0);
            InetSocketAddress tls = server.boundAddresses().get(1);
            try (IrcTestClient first = IrcTestClient.register(plaintext, "first")) {
                try (IrcTestClient second = IrcTestClient.register(plaintext, "second");
                     IrcTestClient third = IrcTestClient.connect(plaintext)) {
                    List<IrcMessage> refused = third.awaitClose();
                    assertThat(refused).extracting(IrcMessage::command).containsExactly("ERROR");
                    assertThat(refused.get(0).last()).isEqualTo("Server is full; try again later");

                    // Over TLS: closed at once. Before, the refusal waited for a handshake the
                    // client had not even begun, and this read timed out.
                    try (Socket raw = new Socket(tls.getAddress(), tls.getPort())) {
                        raw.setSoTimeout(10_000);
                        InputStream in = raw.getInputStream();
                        assertThat(in.read()).isEqualTo(-1);
                    }
                }
                // Places free again once connections close.
                await().until(() -> server.context().state().connections() == 1);
                try (IrcTestClient again = IrcTestClient.register(
                        IrcTestClient.connectTls(tls, server.certificateFingerprint().orElseThrow()), "again")) {
                    assertThat(again.ask("WHOIS again")).extracting(IrcMessage::command).contains("311");
                }
            }
        }
    }

    @Test
    void theDataFolderAndItsTlsFolderAreCreatedPrivate(@TempDir Path parent) throws Exception {
        Path fresh = parent.resolve("new").resolve("data");
        ParleyConfig config = TestServers.plaintext(fresh)
                .withListen(List.of(new ParleyConfig.ListenSection("127.0.0.1", 0, true)));
        try (ParleyServer server = ParleyServer.start(config)) {
            // The TLS folder is made first, at start; before, it made the data folder with the umask.
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh.resolve("tls"))))
                    .isEqualTo("rwx------");
        }
    }
}
