package dev.parley.client;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.testing.FakeIrcServer;
import dev.parley.client.testing.TestCertificates;
import dev.parley.client.testing.TestCertificates.Identity;
import dev.parley.client.testing.TestConsole;
import dev.parley.client.tofu.Fingerprints;
import dev.parley.client.tofu.KnownServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificates over real TLS: first use, pins, a changed certificate, --fingerprint, a CA. */
class TofuFlowTest {
    private static Identity server;
    private static Identity impostor;
    private static Identity ca;
    private static Identity caSigned;

    private final ExecutorService runner = Executors.newSingleThreadExecutor();

    @TempDir
    Path dir;

    @BeforeAll
    static void certificates() throws Exception {
        server = TestCertificates.selfSigned();
        impostor = TestCertificates.selfSigned();
        ca = TestCertificates.certificateAuthority();
        caSigned = TestCertificates.signedBy(ca);
    }

    @AfterEach
    void stopClient() throws InterruptedException {
        runner.shutdownNow();
        assertThat(runner.awaitTermination(10, SECONDS)).isTrue();
    }

    private Path knownServers() {
        return dir.resolve("config").resolve("parley").resolve("known_servers");
    }

    private ChatSettings.Builder settings(FakeIrcServer fake) {
        return ChatSettings.builder("127.0.0.1").port(fake.port()).systemTrust(null)
                .knownServers(knownServers())
                .backoff(Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(40)));
    }

    private Future<Integer> start(ChatSettings settings, TestConsole console) {
        return runner.submit(() -> new ChatClient(settings, console).run());
    }

    /** Logs in on the fake server, then leaves; the client must have trusted the server to get here. */
    private void chatAndLeave(FakeIrcServer fake, TestConsole console, Future<Integer> exit) throws Exception {
        FakeIrcServer.Conn conn = fake.accept();
        conn.loginMember("secret", "Pranav Gupta");
        console.await("All set, type 'QUIT' to leave...");
        console.type("QUIT");
        conn.expect("QUIT");
        conn.close();
        assertThat(exit.get(15, SECONDS)).isEqualTo(ChatClient.EXIT_OK);
    }

    @Test
    void asksOnFirstUseAndPinsTheAnswer() throws Exception {
        try (FakeIrcServer fake = FakeIrcServer.tls(server.serverContext())) {
            String fingerprint = Fingerprints.sha256(server.certificate());
            TestConsole console = new TestConsole(true).answer(true).type("19803021", "secret");
            Future<Integer> exit = start(settings(fake).build(), console);
            chatAndLeave(fake, console, exit);
            assertThat(console.lines()).containsSubsequence(
                    "New server certificate SHA-256 " + fingerprint + "; trust it? [y/N]",
                    "Connected to 127.0.0.1 (TLS 1.3).",
                    "Enter your member id : ");
            assertThat(new KnownServers(knownServers()).pinned("127.0.0.1", fake.port())).contains(fingerprint);

            // The second time the pin decides: no question.
            TestConsole again = new TestConsole(true).type("19803021", "secret");
            Future<Integer> secondExit = start(settings(fake).build(), again);
            chatAndLeave(fake, again, secondExit);
            assertThat(again.lines()).noneMatch(line -> line.contains("trust it?"));
        }
    }

    @Test
    void usesPlainOverTlsWhenScramIsNotOffered() throws Exception {
        try (FakeIrcServer fake = FakeIrcServer.tls(server.serverContext())) {
            TestConsole console = new TestConsole(true).type("19803021", "secret");
            ChatSettings settings = settings(fake).fingerprint(Fingerprints.sha256(server.certificate())).build();
            Future<Integer> exit = start(settings, console);
            FakeIrcServer.Conn conn = fake.accept();
            conn.capLs("sasl=PLAIN,EXTERNAL extended-join");
            String nick = conn.registerAndAck();
            assertThat(conn.expect("AUTHENTICATE").param(0)).isEqualTo("PLAIN");
            conn.send("AUTHENTICATE +");
            assertThat(unb64(conn.expect("AUTHENTICATE").param(0))).isEqualTo("\u000019803021\u0000secret");
            succeedAndLeave(conn, nick, console, exit);
        }
    }

    @Test
    void triesPlainOverTlsWhenScramFailsForAMemberWithoutScramKeys() throws Exception {
        try (FakeIrcServer fake = FakeIrcServer.tls(server.serverContext())) {
            TestConsole console = new TestConsole(true).type("19803021", "secret");
            ChatSettings settings = settings(fake).fingerprint(Fingerprints.sha256(server.certificate())).build();
            Future<Integer> exit = start(settings, console);
            FakeIrcServer.Conn conn = fake.accept();
            conn.capLs("sasl=PLAIN,SCRAM-SHA-256,EXTERNAL extended-join");
            String nick = conn.registerAndAck();
            // Only the seed's old hash is stored: SCRAM cannot succeed, whatever the password.
            assertThat(conn.scram(nick, "not-the-keys-of-this-password")).isFalse();
            assertThat(conn.expect("AUTHENTICATE").param(0)).isEqualTo("PLAIN");
            conn.send("AUTHENTICATE +");
            assertThat(unb64(conn.expect("AUTHENTICATE").param(0))).isEqualTo("\u000019803021\u0000secret");
            succeedAndLeave(conn, nick, console, exit);
            assertThat(console.lines()).doesNotContain("Wrong member id or password.");
        }
    }

    private static void succeedAndLeave(FakeIrcServer.Conn conn, String nick, TestConsole console,
                                        Future<Integer> exit) throws Exception {
        conn.send(":parley.local 900 " + nick + " " + nick + "!u@h 19803021 :You are now logged in as 19803021");
        conn.send(":parley.local 903 " + nick + " :SASL authentication successful");
        conn.welcome(nick);
        conn.send(":" + nick + "!19803021@127.0.0.1 JOIN #lobby 19803021 :Pranav Gupta");
        console.await("19803021 : Pranav Gupta");
        console.type("QUIT");
        conn.expect("QUIT");
        conn.close();
        assertThat(exit.get(15, SECONDS)).isEqualTo(ChatClient.EXIT_OK);
    }

    private static String unb64(String text) {
        return new String(java.util.Base64.getDecoder().decode(text), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void notTrustingANewCertificateStops() throws Exception {
        try (FakeIrcServer fake = FakeIrcServer.tls(server.serverContext()).handshakeInBackground()) {
            TestConsole console = new TestConsole(true).answer(false);
            assertThat(start(settings(fake).build(), console).get(15, SECONDS)).as("%s", console.lines())
                    .isEqualTo(ChatClient.EXIT_UNTRUSTED);
            assertThat(console.lines()).anyMatch(line -> line.startsWith("Not trusted; not connecting."));
            assertThat(Files.exists(knownServers())).isFalse();
        }
    }

    @Test
    void aChangedCertificateIsAHardStop() throws Exception {
        try (FakeIrcServer fake = FakeIrcServer.tls(impostor.serverContext()).handshakeInBackground()) {
            new KnownServers(knownServers()).pin("127.0.0.1", fake.port(), Fingerprints.sha256(server.certificate()));
            TestConsole console = new TestConsole(true).answer(true);
            assertThat(start(settings(fake).build(), console).get(15, SECONDS)).isEqualTo(ChatClient.EXIT_UNTRUSTED);
            assertThat(console.lines()).contains("@    WARNING: THE SERVER'S CERTIFICATE HAS CHANGED!       @",
                    "  trusted:  SHA-256 " + Fingerprints.sha256(server.certificate()),
                    "  now:      SHA-256 " + Fingerprints.sha256(impostor.certificate()),
                    "Not connecting.");
            assertThat(console.lines()).noneMatch(line -> line.contains("trust it?"));
            assertThat(new KnownServers(knownServers()).pinned("127.0.0.1", fake.port()))
                    .contains(Fingerprints.sha256(server.certificate()));
        }
    }

    @Test
    void aFingerprintGivenUpFrontIsTrustedAndPinned() throws Exception {
        try (FakeIrcServer fake = FakeIrcServer.tls(server.serverContext())) {
            String fingerprint = Fingerprints.sha256(server.certificate());
            TestConsole console = new TestConsole(true).type("19803021", "secret");
            String typed = fingerprint.replace(":", "").toLowerCase();
            Future<Integer> exit = start(settings(fake).fingerprint(typed).build(), console);
            chatAndLeave(fake, console, exit);
            assertThat(console.lines()).noneMatch(line -> line.contains("trust it?"));
            assertThat(new KnownServers(knownServers()).pinned("127.0.0.1", fake.port())).contains(fingerprint);
        }
    }

    @Test
    void aFingerprintGivenUpFrontMustMatch() throws Exception {
        try (FakeIrcServer fake = FakeIrcServer.tls(impostor.serverContext()).handshakeInBackground()) {
            TestConsole console = new TestConsole(true);
            ChatSettings settings = settings(fake).fingerprint(Fingerprints.sha256(server.certificate())).build();
            assertThat(start(settings, console).get(15, SECONDS)).isEqualTo(ChatClient.EXIT_UNTRUSTED);
            assertThat(console.lines()).anyMatch(line -> line.contains("is not the one given with --fingerprint"));
        }
    }

    @Test
    void aCertificateFromATrustedCaNeedsNoPin() throws Exception {
        try (FakeIrcServer fake = FakeIrcServer.tls(caSigned.serverContext())) {
            // A pin of some other certificate does not stand in the way of a CA's word.
            new KnownServers(knownServers()).pin("127.0.0.1", fake.port(), Fingerprints.sha256(server.certificate()));
            TestConsole console = new TestConsole(true).type("19803021", "secret");
            ChatSettings settings = settings(fake).systemTrust(TestCertificates.trusting(ca)).build();
            chatAndLeave(fake, console, start(settings, console));
            assertThat(console.lines()).noneMatch(line -> line.contains("trust it?") || line.contains("WARNING"));
        }
    }

    @Test
    void withoutATerminalANewCertificateIsRefused() throws Exception {
        try (FakeIrcServer fake = FakeIrcServer.tls(server.serverContext()).handshakeInBackground()) {
            TestConsole console = new TestConsole(false); // never answers yes
            assertThat(start(settings(fake).build(), console).get(15, SECONDS)).isEqualTo(ChatClient.EXIT_UNTRUSTED);
            assertThat(Files.exists(knownServers())).isFalse();
        }
    }

    @Test
    void aReconnectionToAChangedCertificateStops() throws Exception {
        FakeIrcServer fake = FakeIrcServer.tls(server.serverContext());
        int port = fake.port();
        TestConsole console = new TestConsole(true).type("19803021", "secret");
        Future<Integer> exit = start(settings(fake).fingerprint(Fingerprints.sha256(server.certificate())).build(),
                console);
        FakeIrcServer.Conn conn = fake.accept();
        conn.loginMember("secret", "Pranav Gupta");
        console.await("All set, type 'QUIT' to leave...");
        // The same address now answers with another certificate.
        fake.close();
        try (FakeIrcServer other = FakeIrcServer.tlsOn(port, impostor.serverContext()).handshakeInBackground()) {
            assertThat(other.port()).isEqualTo(port);
            assertThat(exit.get(15, SECONDS)).isEqualTo(ChatClient.EXIT_UNTRUSTED);
            assertThat(console.lines()).anyMatch(line -> line.contains("is not the one given with --fingerprint"));
        }
    }
}
