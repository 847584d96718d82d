package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.TestServers;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default shape: TLS with a self-signed certificate made on first start and kept after. */
class TlsServerTest {
    @TempDir
    Path dataDir;

    private ParleyConfig tlsConfig() {
        return TestServers.plaintext(dataDir)
                .withListen(List.of(new ParleyConfig.ListenSection("127.0.0.1", 0, true)));
    }

    @Test
    void clientsChatOverTlsWithThePinnedCertificate() throws Exception {
        try (ParleyServer server = ParleyServer.start(tlsConfig())) {
            String fingerprint = server.certificateFingerprint().orElseThrow();
            assertThat(fingerprint).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
            InetSocketAddress address = server.boundAddresses().get(0);
            try (IrcTestClient a = IrcTestClient.connectTls(address, fingerprint);
                 IrcTestClient b = IrcTestClient.connectTls(address, fingerprint)) {
                assertThat(((SSLSocket) a.socket()).getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
                for (IrcTestClient c : List.of(a, b)) {
                    c.send("NICK " + (c == a ? "tlsa" : "tlsb"));
                    c.send("USER u 0 * :TLS user");
                    c.await("376");
                    c.ask("JOIN #secure");
                }
                a.sync();
                b.ask("PRIVMSG #secure :nobody on the LAN reads this");
                IrcMessage got = a.await("PRIVMSG");
                assertThat(got.last()).isEqualTo("nobody on the LAN reads this");
                List<IrcMessage> whois = a.ask("WHOIS tlsb");
                assertThat(whois).extracting(IrcMessage::command).contains("311", "318");
            }
            assertThatThrownBy(() -> IrcTestClient.connectTls(address, "00:" + fingerprint.substring(3)))
                    .isInstanceOf(javax.net.ssl.SSLException.class);
        }
    }

    @Test
    void theSameDataDirKeepsTheSameCertificate() throws Exception {
        String first;
        try (ParleyServer server = ParleyServer.start(tlsConfig())) {
            first = server.certificateFingerprint().orElseThrow();
        }
        try (ParleyServer again = ParleyServer.start(tlsConfig())) {
            assertThat(again.certificateFingerprint()).contains(first);
        }
    }
}
