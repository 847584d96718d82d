package dev.parley.server.net.tls.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.protocol.IrcMessage;
import dev.parley.server.ParleyServer;
import dev.parley.server.config.ConfigLoader;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.net.tls.Fingerprint;
import dev.parley.server.testing.IrcTestClient;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code [tls.acme]} against a real ACME server (pebble, validating HTTP-01 for real): the first
 * certificate, its renewal under an open connection, and a renewal the CA cannot validate.
 */
class AcmeCertificatesTest {
    /** Long enough that nothing is renewed during a test (pebble's default is five years). */
    private static final long LONG_LIFE = 365L * 24 * 3600;
    /** Renewed when a third is left: 16 s after it is issued. */
    private static final long SHORT_LIFE = 24;
    private static final Duration ISSUANCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger acmeLogger = (Logger) LoggerFactory.getLogger(AcmeCertificates.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        acmeLogger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        acmeLogger.detachAppender(logs);
    }

    @Test
    void obtainsACertificateServesItAndKeepsItAcrossRestarts() throws Exception {
        int httpPort = Pebble.freePorts(1)[0];
        try (Pebble pebble = Pebble.start(dir.resolve("pebble"), httpPort, LONG_LIFE)) {
            X509Certificate root = pebble.root();
            Fingerprint issued;
            try (ParleyServer server = ParleyServer.start(config(pebble))) {
                assertThat(messages()).anyMatch(m -> m.contains("serving the self-signed certificate until one arrives"));
                int port = server.boundAddresses().get(0).getPort();
                issued = awaitChainedTo(root, port);
                assertThat(server.certificateFingerprint()).contains(issued.toString());
            }
            Path acme = dir.resolve("data/acme");
            assertThat(Files.getPosixFilePermissions(acme)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            for (String file : List.of("account-key.pem", "certificate.pem")) {
                assertThat(Files.getPosixFilePermissions(acme.resolve(file)))
                        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            }
            String accountKey = Files.readString(acme.resolve("account-key.pem"));

            logs.list.clear();
            try (ParleyServer again = ParleyServer.start(config(pebble))) {
                // Served from the first connection on, and not asked for again.
                assertThat(servedBy(root, again.boundAddresses().get(0).getPort())).isEqualTo(issued);
                assertThat(messages()).noneMatch(m -> m.contains("requesting") || m.contains("self-signed"));
            }
            assertThat(Files.readString(acme.resolve("account-key.pem"))).isEqualTo(accountKey);
        }
    }

    @Test
    void renewsBeforeExpiryWithoutDroppingAConnection() throws Exception {
        int httpPort = Pebble.freePorts(1)[0];
        try (Pebble pebble = Pebble.start(dir.resolve("pebble"), httpPort, SHORT_LIFE);
             ParleyServer server = ParleyServer.start(config(pebble))) {
            X509Certificate root = pebble.root();
            InetSocketAddress address = server.boundAddresses().get(0);
            Fingerprint first = awaitChainedTo(root, address.getPort());
            try (IrcTestClient a = IrcTestClient.connectTls(address, first.toString());
                 IrcTestClient b = IrcTestClient.connectTls(address, first.toString())) {
                for (IrcTestClient c : List.of(a, b)) {
                    IrcTestClient.register(c, c == a ? "before" : "across");
                    c.ask("JOIN #renewal");
                }
                a.sync();
                b.ask("PRIVMSG #renewal :before the renewal");
                assertThat(a.await("PRIVMSG").last()).isEqualTo("before the renewal");

                // ignoreExceptions: should the renewal come late, the first may expire before.
                Fingerprint second = await().atMost(ISSUANCE).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .until(() -> servedBy(root, address.getPort()), served -> !served.equals(first));
                assertThat(messages()).anyMatch(m -> m.startsWith("ACME: renewing a certificate"));

                b.ask("PRIVMSG #renewal :after the renewal");
                assertThat(a.await("PRIVMSG").last()).isEqualTo("after the renewal");
                a.ask("PRIVMSG #renewal :and back");
                assertThat(b.await("PRIVMSG").last()).isEqualTo("and back");
                // The open connections kept the certificate they were made with.
                X509Certificate kept = (X509Certificate) ((SSLSocket) a.socket()).getSession().getPeerCertificates()[0];
                assertThat(Fingerprint.of(kept)).isEqualTo(first);
                assertThat(server.certificateFingerprint()).contains(second.toString());
            }
        }
    }

    @Test
    void aRenewalTheCaCannotValidateKeepsTheCertificateAndBacksOff() throws Exception {
        int httpPort = Pebble.freePorts(1)[0];
        Pebble pebble = Pebble.start(dir.resolve("pebble"), httpPort, SHORT_LIFE);
        try (ParleyServer server = ParleyServer.start(config(pebble))) {
            int port = server.boundAddresses().get(0).getPort();
            Fingerprint first = awaitChainedTo(pebble.root(), port);
            String stored = Files.readString(dir.resolve("data/acme/certificate.pem"));

            // A CA at the same address that looks for the challenge where nobody answers.
            pebble = pebble.restart(Pebble.freePorts(1)[0], SHORT_LIFE);
            await().atMost(ISSUANCE).until(() -> messages().stream().anyMatch(m -> m.startsWith("ACME: failed attempt 1")));

            String failure = messages().stream().filter(m -> m.startsWith("ACME: failed attempt 1")).findFirst().orElseThrow();
            assertThat(failure).contains("could not validate localhost over HTTP-01")
                    .contains("keeping the current certificate").contains("next attempt in 5 minutes");
            assertThat(server.certificateFingerprint()).contains(first.toString());
            // Still served, to a client that pins it (it may have expired by now).
            try (IrcTestClient pinned = IrcTestClient.connectTls(new InetSocketAddress("127.0.0.1", port),
                    first.toString())) {
                IrcTestClient.register(pinned, "pinned");
            }
            assertThat(Files.readString(dir.resolve("data/acme/certificate.pem"))).isEqualTo(stored);
        } finally {
            pebble.close();
        }
    }

    @Test
    void withNoCaToAnswerTheSelfSignedCertificateStaysAndAReloadWaitsForARestart() throws Exception {
        int[] ports = Pebble.freePorts(2);
        String nobody = "https://localhost:" + ports[0] + "/dir";
        Logger serverLogger = (Logger) LoggerFactory.getLogger(ParleyServer.class);
        serverLogger.addAppender(logs);
        try (ParleyServer server = ParleyServer.start(config(nobody, ports[1], "admin@example.org"))) {
            String selfSigned = server.certificateFingerprint().orElseThrow();
            await().atMost(ISSUANCE).until(() -> messages().stream().anyMatch(m -> m.startsWith("ACME: failed attempt 1")));
            assertThat(messages()).filteredOn(m -> m.startsWith("ACME: failed attempt 1")).singleElement()
                    .asString().contains("still serving the self-signed certificate", "next attempt in 5 minutes");
            try (IrcTestClient pinned = IrcTestClient.connectTls(server.boundAddresses().get(0), selfSigned)) {
                IrcTestClient.register(pinned, "early");
            }

            server.reload(config(nobody, ports[1], "ops@example.org"));
            assertThat(messages()).contains("[tls.acme] changed: the change takes effect at the next start");
            assertThat(server.certificateFingerprint()).contains(selfSigned);
        } finally {
            serverLogger.detachAppender(logs);
        }
    }

    @Test
    void obtainsACertificateOverTlsAlpn01OnTheIrcPortItself() throws Exception {
        int ircPort = Pebble.freePorts(1)[0];
        try (Pebble pebble = Pebble.start(dir.resolve("pebble"), Pebble.freePorts(1)[0], ircPort, LONG_LIFE);
             ParleyServer server = ParleyServer.start(config(ircPort, pebble.directory(), 0, "admin@example.org",
                     "trust_file = \"" + pebble.trustFile() + "\"\n", "challenge = \"tls-alpn-01\"\n"))) {
            Fingerprint selfSigned = Fingerprint.parse(server.certificateFingerprint().orElseThrow());
            Fingerprint issued = awaitChainedTo(pebble.root(), ircPort);
            assertThat(messages()).anyMatch(m -> m.startsWith("ACME: answering TLS-ALPN-01 challenges on the TLS listeners"));
            assertThat(issued).isNotEqualTo(selfSigned);
            // Once proved, the port is the IRC port it always was.
            try (IrcTestClient client = IrcTestClient.connectTls(server.boundAddresses().get(0), issued.toString())) {
                IrcTestClient.register(client, "alpn");
            }
        }
    }

    private ParleyConfig config(Pebble pebble) throws Exception {
        return config(0, pebble.directory(), pebble.httpPort(), "admin@example.org",
                "trust_file = \"" + pebble.trustFile() + "\"\n");
    }

    private ParleyConfig config(String directory, int httpPort, String email) throws Exception {
        return config(0, directory, httpPort, email);
    }

    private ParleyConfig config(int ircPort, String directory, int httpPort, String email, String... more)
            throws Exception {
        Path file = dir.resolve("parley.toml");
        Files.writeString(file, """
                [[listen]]
                host = "127.0.0.1"
                port = %d

                [storage]
                data_dir = "data"

                [auth]
                allow_guests = true

                [rooms]
                auto_join = []

                [tls.acme]
                domains = ["localhost"]
                email = "%s"
                directory = "%s"
                agree_tos = true
                http_port = %d
                renew_before_days = 30
                """.formatted(ircPort, email, directory, httpPort) + String.join("", more));
        return new ConfigLoader().load(file);
    }

    private List<String> messages() {
        return List.copyOf(logs.list).stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Waits until the server on {@code port} serves a certificate that chains to {@code root}. */
    private static Fingerprint awaitChainedTo(X509Certificate root, int port) {
        return await().atMost(ISSUANCE).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> servedBy(root, port), fingerprint -> true);
    }

    /**
     * The certificate a real TLS client gets from {@code port}, checked as a browser would: a
     * chain to {@code root} for the name localhost. Throws when it is not (the self-signed one).
     */
    private static Fingerprint servedBy(X509Certificate root, int port) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("pebble-root", root);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        try (Socket plain = new Socket("127.0.0.1", port);
             SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", port, true)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return Fingerprint.of((X509Certificate) socket.getSession().getPeerCertificates()[0]);
        }
    }
}
