package dev.parley.server.net.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.config.ParleyConfig.TlsSection;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerTlsContextTest {
    @TempDir
    Path dir;

    private TlsSection configured(CertifiedKey key) throws Exception {
        Path cert = dir.resolve("fullchain.pem");
        Path keyFile = dir.resolve("privkey.pem");
        PemFiles.writeCertificates(cert, key.chain());
        PemFiles.writePrivateKey(keyFile, key.key());
        return new TlsSection(Optional.of(cert), Optional.of(keyFile));
    }

    @Test
    void makesASelfSignedCertificateOnceAndReusesIt() throws Exception {
        Path dataDir = dir.resolve("data");

        ServerTlsContext first = ServerTlsContext.create(TlsSection.defaults(), dataDir, "irc.example.org");
        ServerTlsContext second = ServerTlsContext.create(TlsSection.defaults(), dataDir, "irc.example.org");

        assertThat(first.isSelfSigned()).isTrue();
        assertThat(first.certificateFile()).isEqualTo(dataDir.resolve("tls/cert.pem"));
        assertThat(Files.exists(dataDir.resolve("tls/key.pem"))).isTrue();
        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(second.certificate()).isEqualTo(first.certificate());
    }

    @Test
    void usesTheConfiguredFilesWhenSet() throws Exception {
        CertifiedKey key = CertificateGenerator.generate("irc.example.org");

        ServerTlsContext tls = ServerTlsContext.create(configured(key), dir.resolve("data"), "irc.example.org");

        assertThat(tls.isSelfSigned()).isFalse();
        assertThat(tls.fingerprint()).isEqualTo(key.fingerprint());
        assertThat(tls.certificateFile()).isEqualTo(dir.resolve("fullchain.pem"));
        assertThat(Files.exists(dir.resolve("data"))).isFalse();
    }

    @Test
    void withAcmeServesTheSelfSignedCertificateUntilTheObtainedOneIsStoredAndReloaded() throws Exception {
        Path dataDir = dir.resolve("data");
        TlsSection acme = new TlsSection(Optional.empty(), Optional.empty(), Optional.of(
                new dev.parley.server.config.ParleyConfig.AcmeSection(java.util.List.of("chat.example.org"),
                        Optional.empty(), dev.parley.server.config.ParleyConfig.AcmeSection.LETS_ENCRYPT, true, "http-01", 80, 30,
                        Optional.empty())));

        ServerTlsContext tls = ServerTlsContext.create(acme, dataDir, "chat.example.org");
        assertThat(tls.isSelfSigned()).isTrue();
        assertThat(tls.certificateFile()).isEqualTo(dataDir.resolve("tls/cert.pem"));

        CertifiedKey obtained = CertificateGenerator.generate("chat.example.org");
        Path stored = ServerTlsContext.acmeCertificateFile(dataDir);
        PemFiles.createPrivateDirectory(stored.getParent());
        PemFiles.writeKeyAndCertificates(stored, obtained.key(), obtained.chain());

        assertThat(tls.reload()).isEqualTo(obtained.fingerprint());
        assertThat(tls.isSelfSigned()).isFalse();
        assertThat(tls.certificateFile()).isEqualTo(dataDir.resolve("acme/certificate.pem"));
        assertThat(ServerTlsContext.create(acme, dataDir, "chat.example.org").fingerprint())
                .isEqualTo(obtained.fingerprint());
    }

    @Test
    void usesBoringSslWhereItsLibraryIsShipped() {
        // The build ships BoringSSL for x86-64 Linux only; there it must load, or every handshake
        // silently costs several times the CPU.
        boolean shipped = System.getProperty("os.name").equals("Linux")
                && System.getProperty("os.arch").matches("amd64|x86_64");
        assertThat(ServerTlsContext.provider())
                .isEqualTo(shipped ? SslProvider.OPENSSL : SslProvider.JDK);
    }

    @Test
    void offersOnlyTls12And13AndAsksForAnOptionalClientCertificate() throws Exception {
        ServerTlsContext tls = ServerTlsContext.create(TlsSection.defaults(), dir, "irc.example.org");

        SSLEngine engine = tls.current().newEngine(ByteBufAllocator.DEFAULT);

        // BoringSSL's engine always names the "SSLv2Hello" pseudo-protocol, a hello format it never accepts.
        assertThat(engine.getEnabledProtocols()).filteredOn(p -> !p.equals("SSLv2Hello"))
                .containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        assertThat(engine.getWantClientAuth()).isTrue();
        assertThat(engine.getNeedClientAuth()).isFalse();
        assertThat(engine.getEnabledCipherSuites()).isSubsetOf(ServerTlsContext.CIPHER_SUITES)
                .contains("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void aClientPinningTheFingerprintCompletesAHandshakeWithoutAClientCertificate() throws Exception {
        ServerTlsContext tls = ServerTlsContext.create(TlsSection.defaults(), dir, "irc.example.org");

        try (TlsTestServer server = new TlsTestServer(tls);
             TlsTestClient client = TlsTestClient.connect(server.port(), tls.fingerprint(), Optional.empty())) {
            assertThat(client.readLine()).isEqualTo("client-fp none");
            assertThat(client.protocol()).isEqualTo("TLSv1.3");
            client.send("hello");
            assertThat(client.readLine()).isEqualTo("echo hello");
        }
    }

    @Test
    void theServerSeesTheFingerprintOfAnySelfSignedClientCertificate() throws Exception {
        ServerTlsContext tls = ServerTlsContext.create(TlsSection.defaults(), dir, "irc.example.org");
        CertifiedKey clientKey = CertificateGenerator.generate("jilles.example");

        try (TlsTestServer server = new TlsTestServer(tls)) {
            for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
                try (TlsTestClient client = TlsTestClient.connect(
                        server.port(), tls.fingerprint(), Optional.of(clientKey), protocol)) {
                    assertThat(client.readLine()).isEqualTo("client-fp " + clientKey.fingerprint());
                    assertThat(client.protocol()).isEqualTo(protocol);
                }
            }
        }
    }

    @Test
    void aClientPinningAnotherCertificateRefusesTheServer() throws Exception {
        ServerTlsContext tls = ServerTlsContext.create(TlsSection.defaults(), dir, "irc.example.org");
        Fingerprint other = CertificateGenerator.generate("other.example").fingerprint();

        try (TlsTestServer server = new TlsTestServer(tls)) {
            assertThatThrownBy(() -> TlsTestClient.connect(server.port(), other, Optional.empty()))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void reloadServesTheNewCertificateToNewConnectionsAndLeavesOpenOnesAlone() throws Exception {
        CertifiedKey before = CertificateGenerator.generate("irc.example.org");
        CertifiedKey after = CertificateGenerator.generate("irc.example.org");
        TlsSection section = configured(before);
        ServerTlsContext tls = ServerTlsContext.create(section, dir, "irc.example.org");

        try (TlsTestServer server = new TlsTestServer(tls);
             TlsTestClient old = TlsTestClient.connect(server.port(), before.fingerprint(), Optional.empty())) {
            assertThat(old.readLine()).isEqualTo("client-fp none");

            PemFiles.writeCertificates(section.certFile().get(), after.chain());
            PemFiles.writePrivateKey(section.keyFile().get(), after.key());
            assertThat(tls.reload()).isEqualTo(after.fingerprint());

            assertThat(tls.fingerprint()).isEqualTo(after.fingerprint());
            try (TlsTestClient fresh = TlsTestClient.connect(server.port(), after.fingerprint(), Optional.empty())) {
                assertThat(fresh.readLine()).isEqualTo("client-fp none");
            }
            assertThatThrownBy(() -> TlsTestClient.connect(server.port(), before.fingerprint(), Optional.empty()))
                    .isInstanceOf(SSLHandshakeException.class);
            old.send("still here");
            assertThat(old.readLine()).isEqualTo("echo still here");
        }
    }

    @Test
    void aFailedReloadKeepsTheCurrentCertificate() throws Exception {
        CertifiedKey good = CertificateGenerator.generate("irc.example.org");
        TlsSection section = configured(good);
        ServerTlsContext tls = ServerTlsContext.create(section, dir, "irc.example.org");
        Path keyFile = section.keyFile().get();
        PemFiles.writePrivateKey(keyFile, CertificateGenerator.generate("irc.example.org").key());

        assertThatThrownBy(tls::reload)
                .isInstanceOf(TlsConfigException.class)
                .hasMessage(keyFile + ": private key does not match the certificate in " + section.certFile().get());

        assertThat(tls.fingerprint()).isEqualTo(good.fingerprint());
        try (TlsTestServer server = new TlsTestServer(tls);
             TlsTestClient client = TlsTestClient.connect(server.port(), good.fingerprint(), Optional.empty())) {
            assertThat(client.readLine()).isEqualTo("client-fp none");
        }
    }

    @Test
    void reloadCanSwitchFromSelfSignedToConfiguredFiles() throws Exception {
        ServerTlsContext tls = ServerTlsContext.create(TlsSection.defaults(), dir.resolve("data"), "irc.example.org");
        CertifiedKey configuredKey = CertificateGenerator.generate("irc.example.org");

        Fingerprint now = tls.reload(configured(configuredKey), dir.resolve("data"), "irc.example.org");

        assertThat(now).isEqualTo(configuredKey.fingerprint());
        assertThat(tls.isSelfSigned()).isFalse();
    }

    @Test
    void refusesACertificateWithoutAKey() {
        TlsSection half = new TlsSection(Optional.of(dir.resolve("cert.pem")), Optional.empty());

        assertThatThrownBy(() -> ServerTlsContext.create(half, dir, "irc.example.org"))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage("tls: cert_file and key_file must be set together");
    }

    @Test
    void namesTheMissingConfiguredFile() {
        TlsSection missing = new TlsSection(Optional.of(dir.resolve("cert.pem")), Optional.of(dir.resolve("key.pem")));

        assertThatThrownBy(() -> ServerTlsContext.create(missing, dir, "irc.example.org"))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage(dir.resolve("cert.pem") + ": no such file");
    }
}
