package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.TestServers;
import dev.parley.server.testing.TrustEverything;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
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
    void theWebListenerRefusesPastTheCapBeforeTlsAndAsksBrowsersForNoCertificate() throws Exception {
        ParleyConfig base = TestServers.plaintext(dataDir);
        ParleyConfig config = base.withListen(List.of(new ParleyConfig.ListenSection("127.0.0.1", 0, false)))
                .withWeb(new ParleyConfig.WebSection(true, "127.0.0.1", 0, true, List.of()))
                .withLimits(base.limits().withMaxConnections(1));
        try (ParleyServer server = ParleyServer.start(config)) {
            InetSocketAddress web = server.webAddress().orElseThrow();
            // Under the cap: a handshake in which the server asks for no client certificate (a
            // browser asked for one would show its user a certificate chooser).
            CertificateWatch watch = new CertificateWatch();
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {watch}, new TrustManager[] {TrustEverything.INSTANCE}, null);
            for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
                try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(web.getAddress(), web.getPort())) {
                    socket.setEnabledProtocols(new String[] {protocol});
                    socket.setSoTimeout(10_000);
                    socket.startHandshake();
                    assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
                }
                await().until(() -> server.context().state().connections() == 0);
            }
            assertThat(watch.asked).as("the server asked for a client certificate").isFalse();

            try (IrcTestClient holder = IrcTestClient.register(server.boundAddresses().get(0), "holder")) {
                // At the cap: closed at once, before any handshake (before, the TLS handshake ran).
                try (Socket raw = new Socket(web.getAddress(), web.getPort())) {
                    raw.setSoTimeout(10_000);
                    assertThat(raw.getInputStream().read()).isEqualTo(-1);
                }
            }
        }
    }

    /** A key manager with no certificate that notes whether the server asked for one. */
    private static final class CertificateWatch extends X509ExtendedKeyManager {
        volatile boolean asked;

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            asked = true;
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            asked = true;
            return null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return null;
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
