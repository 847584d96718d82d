package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.protocol.IrcMessage;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.LocalAddresses;
import dev.parley.server.testing.SendQueueFlood;
import dev.parley.server.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Hostile clients over real sockets, one case at a time against one server, while two honest
 * clients chat in a room throughout. After each case: the hostile client got a proper answer or
 * was dropped, every honest message arrived in order (and nothing else in that room), and no
 * handler logged a warning or error with a stack trace.
 *
 * <p>The limits are small where a case waits on them (a 2-second registration timeout, a 64 KiB
 * send queue, 3 connections per address) and the command rate is high, so that the stalled
 * client's queue fills in seconds; the flood case then measures throughput, not the throttle,
 * which has tests of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileClientTest {
    private static final String ROOM = "#honest";
    private static final int REGISTRATION_TIMEOUT_SECONDS = 2;
    private static final int MAX_CONNECTIONS_PER_IP = 3;
    private static final int FLOOD_LINES = 10_000;

    private ParleyServer server;
    private InetSocketAddress plain;
    private InetSocketAddress tls;
    private int wildcardPort;
    private String fingerprint;
    private IrcTestClient alice;
    private IrcTestClient bob;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    /** One hostile behaviour; it asserts the hostile client's own outcome. */
    @FunctionalInterface
    interface HostileCase {
        void run(HostileClientTest t) throws Exception;
    }

    @BeforeAll
    void startServerAndHonestClients(@TempDir Path dataDir) throws Exception {
        ParleyConfig base = TestServers.plaintext(dataDir);
        ParleyConfig.LimitsSection d = base.limits();
        ParleyConfig config = base
                .withListen(List.of(new ParleyConfig.ListenSection("127.0.0.1", 0, false),
                        new ParleyConfig.ListenSection("127.0.0.1", 0, true),
                        new ParleyConfig.ListenSection("0.0.0.0", 0, false)))
                .withLimits(new ParleyConfig.LimitsSection(100_000, 100_000, MAX_CONNECTIONS_PER_IP, 64 * 1024,
                        d.pingIntervalSeconds(), d.pingTimeoutSeconds(), d.maxRoomsPerUser(),
                        REGISTRATION_TIMEOUT_SECONDS));
        logs.start();
        root().addAppender(logs);
        server = ParleyServer.start(config);
        plain = server.boundAddresses().get(0);
        tls = server.boundAddresses().get(1);
        wildcardPort = server.boundAddresses().get(2).getPort();
        fingerprint = server.certificateFingerprint().orElseThrow();
        alice = IrcTestClient.register(plain, "alice");
        bob = IrcTestClient.register(plain, "bob");
        alice.ask("JOIN " + ROOM);
        bob.ask("JOIN " + ROOM);
        alice.sync();
    }

    @AfterAll
    void stop() throws IOException {
        alice.close();
        bob.close();
        server.close();
        root().detachAppender(logs);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("malformed lines", (HostileCase) HostileClientTest::malformedLines),
                Arguments.of("over-long lines", (HostileCase) HostileClientTest::overLongLines),
                Arguments.of("invalid UTF-8", (HostileCase) HostileClientTest::invalidUtf8),
                Arguments.of("NUL-laden lines", (HostileCase) HostileClientTest::nulLadenLines),
                Arguments.of("binary noise", (HostileCase) HostileClientTest::binaryNoise),
                Arguments.of("an unterminated line, then EOF", (HostileCase) HostileClientTest::unterminatedLine),
                Arguments.of("slowloris, one byte a second", (HostileCase) HostileClientTest::slowloris),
                Arguments.of("a client that never reads", (HostileCase) HostileClientTest::neverReads),
                Arguments.of("10,000 lines at once", (HostileCase) HostileClientTest::flood),
                Arguments.of("many connections from one address", (HostileCase) HostileClientTest::manyConnections),
                Arguments.of("garbage before the TLS handshake", (HostileCase) HostileClientTest::tlsGarbage));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theServerCopesAndTheRoomGoesOn(String name, HostileCase hostile) throws Exception {
        clearLogs();
        HonestChat chat = new HonestChat(name);
        try {
            hostile.run(this);
        } finally {
            chat.stopAndCheck();
        }
        assertThat(logsWithStackTraces()).as("warnings or errors with a stack trace").isEmpty();
    }

    // --- the cases ---

    private void malformedLines() throws Exception {
        try (IrcTestClient c = IrcTestClient.register(plain, "malformed")) {
            c.ask("JOIN " + ROOM);
            List<String> lines = List.of(":", "@", "@a ", ":source-only", "PRIV\u0001MSG " + ROOM + " :x",
                    "@=x PRIVMSG " + ROOM + " :bad tag", "   ", ": PRIVMSG " + ROOM + " :empty source", "PRIVMSG",
                    "!!! :x", "@" + "k".repeat(300) + "=v;;;= PRIVMSG " + ROOM + " :x");
            for (String line : lines) {
                c.send(line);
            }
            List<IrcMessage> answers = fromServer(c.sync());
            assertThat(answers).as("an error for each line").hasSize(lines.size())
                    .allSatisfy(HostileClientTest::isError);
        }
    }

    private void overLongLines() throws Exception {
        try (IrcTestClient c = IrcTestClient.register(plain, "longliner")) {
            c.ask("JOIN " + ROOM);
            c.send("PRIVMSG " + ROOM + " :" + "x".repeat(600));
            c.send("PRIVMSG " + ROOM + " :" + "y".repeat(100_000));
            c.send("@" + "t".repeat(5000) + " PRIVMSG " + ROOM + " :long tags");
            List<IrcMessage> answers = fromServer(c.sync());
            assertThat(answers).extracting(IrcMessage::command).containsExactly("417", "417", "417");
        }
    }

    private void invalidUtf8() throws Exception {
        try (IrcTestClient c = IrcTestClient.register(plain, "latin1")) {
            c.ask("JOIN " + ROOM);
            c.sendRaw(bytes("PRIVMSG " + ROOM + " :caf", new byte[] {(byte) 0xE9}, "\r\n"));
            c.sendRaw(bytes("PRIVMSG " + ROOM + " :", new byte[] {(byte) 0xC0, (byte) 0x80, (byte) 0xED, (byte) 0xA0,
                    (byte) 0x80, (byte) 0xFF}, "\r\n"));
            List<IrcMessage> answers = fromServer(c.sync());
            assertThat(answers).hasSize(2).allSatisfy(m -> {
                assertThat(m.command()).isEqualTo("FAIL");
                assertThat(m.params()).contains("PRIVMSG", "INVALID_UTF8");
            });
        }
    }

    private void nulLadenLines() throws Exception {
        try (IrcTestClient c = IrcTestClient.register(plain, "nul")) {
            c.ask("JOIN " + ROOM);
            c.sendRaw(("PRIVMSG " + ROOM + " :before\0after\r\n").getBytes(StandardCharsets.UTF_8));
            c.sendRaw("\0\0\0\0\r\n".getBytes(StandardCharsets.UTF_8));
            c.sendRaw(("PRIVMSG " + ROOM + "\0#other :x\r\n").getBytes(StandardCharsets.UTF_8));
            List<IrcMessage> answers = fromServer(c.sync());
            assertThat(answers).hasSize(3).allSatisfy(m -> assertThat(m.params()).contains("INVALID_MESSAGE"));
        }
    }

    private void binaryNoise() throws Exception {
        try (IrcTestClient c = IrcTestClient.register(plain, "noise")) {
            c.ask("JOIN " + ROOM);
            byte[] noise = new byte[16 * 1024];
            new Random(11).nextBytes(noise);
            c.sendRaw(noise);
            // Ends whatever line the noise left open, so the PING that follows is a line of its own.
            c.send("");
            Outcome outcome = answeredOrDropped(c);
            if (outcome.answered()) {
                assertThat(outcome.answers()).allSatisfy(HostileClientTest::isError);
            }
        }
    }

    private void unterminatedLine() throws Exception {
        try (IrcTestClient c = IrcTestClient.register(plain, "dangling")) {
            c.ask("JOIN " + ROOM);
            c.sendRaw(("PRIVMSG " + ROOM + " :this line never ends").getBytes(StandardCharsets.UTF_8));
            c.socket().shutdownOutput();
            c.awaitClose(); // dropped, and the honest check shows the half line was never delivered
        }
    }

    private void slowloris() throws Exception {
        ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
        try (IrcTestClient c = IrcTestClient.connect(plain)) {
            byte[] registration = "NICK slowloris\r\nUSER slow 0 * :One byte a second\r\n".getBytes(StandardCharsets.UTF_8);
            int[] next = {0};
            drip.scheduleAtFixedRate(() -> {
                try {
                    if (next[0] < registration.length) {
                        c.sendRaw(new byte[] {registration[next[0]++]});
                    }
                } catch (IOException closed) {
                    // the server hung up: what this case waits for
                }
            }, 0, 1, TimeUnit.SECONDS);
            long start = System.nanoTime();
            List<IrcMessage> heard = c.awaitClose();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(REGISTRATION_TIMEOUT_SECONDS + 4));
            assertThat(heard).last().satisfies(m -> {
                assertThat(m.command()).isEqualTo("ERROR");
                assertThat(m.last()).contains("Registration timed out");
            });
        } finally {
            drip.shutdownNow();
        }
    }

    private void neverReads() throws Exception {
        Socket raw = new Socket();
        raw.setReceiveBufferSize(4096); // keeps the kernel from absorbing the flood for it
        raw.connect(plain);
        try (IrcTestClient stalled = IrcTestClient.register(new IrcTestClient(raw), "stalled");
             IrcTestClient hose = IrcTestClient.register(plain, "hose")) {
            stalled.ask("JOIN #firehose");
            hose.ask("JOIN #firehose");
            IrcMessage quit = SendQueueFlood.untilSomeoneIsDropped(hose, "#firehose");
            assertThat(quit).as("the stalled client was dropped").isNotNull();
            assertThat(quit.source()).startsWith("stalled!");
            assertThat(quit.last()).isEqualTo("SendQ exceeded");
        }
    }

    private void flood() throws Exception {
        try (IrcTestClient c = IrcTestClient.register(plain, "flooder")) {
            c.ask("JOIN #flood");
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            for (int i = 0; i < FLOOD_LINES; i++) {
                lines.writeBytes(("PRIVMSG #flood :line " + i + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            long start = System.nanoTime();
            c.sendRaw(lines.toByteArray());
            Outcome outcome = answeredOrDropped(c);
            assertThat(outcome.answers()).as("nobody else in #flood: nothing to answer but the PING").isEmpty();
            System.out.printf("flood: %d lines handled in %d ms%n", FLOOD_LINES,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }

    private void manyConnections() throws Exception {
        InetAddress outside = LocalAddresses.nonLoopbackIpv4();
        assumeThat(outside).as("this machine has a non-loopback IPv4 address (loopback is exempt from the cap)")
                .isNotNull();
        InetSocketAddress address = new InetSocketAddress(outside, wildcardPort);
        List<IrcTestClient> admitted = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS_PER_IP; i++) {
                admitted.add(IrcTestClient.connect(address));
            }
            // Each admitted connection answers a PING: it is a live session, not a queued socket.
            for (IrcTestClient c : admitted) {
                assertThat(c.sync()).isEmpty();
            }
            for (int i = 0; i < 5; i++) {
                try (IrcTestClient refused = IrcTestClient.connect(address)) {
                    assertThat(refused.awaitClose()).extracting(IrcMessage::last)
                            .containsExactly("Too many connections from your address");
                }
            }
        } finally {
            for (IrcTestClient c : admitted) {
                c.close();
            }
        }
    }

    private void tlsGarbage() throws Exception {
        try (IrcTestClient plaintextOnTls = IrcTestClient.connect(tls)) {
            plaintextOnTls.send("NICK sneaky");
            plaintextOnTls.send("USER s 0 * :Plain text on the TLS port");
            assertThat(plaintextOnTls.awaitClose()).isEmpty();
        }
        try (IrcTestClient noise = IrcTestClient.connect(tls)) {
            byte[] garbage = new byte[2048];
            new Random(7).nextBytes(garbage);
            garbage[0] = 0x16; // a TLS handshake record header, then nonsense
            garbage[1] = 0x03;
            garbage[2] = 0x01;
            noise.sendRaw(garbage);
            assertThat(noise.awaitClose()).isEmpty();
        }
        // The TLS listener still serves a real client.
        try (IrcTestClient honest = IrcTestClient.register(IrcTestClient.connectTls(tls, fingerprint), "aftertls")) {
            assertThat(honest.sync()).isEmpty();
        }
    }

    // --- the honest pair ---

    /**
     * Alice says a numbered line in the room every 100 ms from a thread of its own; Bob reads on
     * another. Stopping sends a last line and checks that Bob heard exactly Alice's lines, in order.
     */
    private final class HonestChat {
        private final String label;
        private final ScheduledExecutorService talker = Executors.newSingleThreadScheduledExecutor();
        private final List<String> sent = new CopyOnWriteArrayList<>();
        private final List<String> heard = new CopyOnWriteArrayList<>();
        private final List<Throwable> trouble = new CopyOnWriteArrayList<>();
        private final Thread listener;

        HonestChat(String label) {
            this.label = label;
            talker.scheduleAtFixedRate(() -> say(label + " " + sent.size()), 0, 100, TimeUnit.MILLISECONDS);
            listener = new Thread(this::listen, "honest-listener");
            listener.start();
        }

        private void say(String text) {
            try {
                alice.send("PRIVMSG " + ROOM + " :" + text);
                sent.add(text);
            } catch (IOException e) {
                trouble.add(e);
            }
        }

        private void listen() {
            String last = label + " end";
            try {
                while (!heard.contains(last)) {
                    IrcMessage m;
                    try {
                        m = bob.next();
                    } catch (SocketTimeoutException quiet) {
                        continue; // Alice's lines come every 100 ms; the check below has the deadline
                    }
                    if (m == null) {
                        trouble.add(new AssertionError("the server closed an honest client"));
                        return;
                    }
                    if (m.command().equals("PING")) {
                        bob.send("PONG :" + m.last());
                    } else if (m.command().equals("PRIVMSG") && ROOM.equals(m.param(0))) {
                        heard.add(m.last());
                    }
                }
            } catch (IOException | RuntimeException e) {
                trouble.add(e);
            }
        }

        void stopAndCheck() throws InterruptedException {
            talker.shutdown();
            assertThat(talker.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            say(label + " end");
            await().atMost(Duration.ofSeconds(15)).until(() -> !listener.isAlive());
            assertThat(trouble).isEmpty();
            assertThat(heard).as("what Bob heard in %s", ROOM).containsExactlyElementsOf(sent);
        }
    }

    // --- helpers ---

    /** What a hostile client got to a PING after its misdeeds: the answers before the PONG, or a close. */
    private record Outcome(boolean answered, List<IrcMessage> answers) {
    }

    private static Outcome answeredOrDropped(IrcTestClient c) throws IOException {
        try {
            return new Outcome(true, fromServer(c.sync()));
        } catch (AssertionError e) {
            assertThat(e.getMessage()).as("answered or dropped, not left hanging").startsWith("Connection closed");
            return new Outcome(false, List.of());
        } catch (IOException closedWhileSending) {
            return new Outcome(false, List.of());
        }
    }

    /** The server's own answers, without what the room's members said meanwhile. */
    private static List<IrcMessage> fromServer(List<IrcMessage> messages) {
        return messages.stream().filter(m -> m.source() == null || !m.source().contains("!")).toList();
    }

    /** A FAIL standard reply or an error numeric (4xx). */
    private static void isError(IrcMessage m) {
        assertThat(m.command()).matches("FAIL|4[0-9][0-9]");
    }

    private static byte[] bytes(String head, byte[] middle, String tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private void clearLogs() {
        synchronized (logs) {
            logs.list.clear();
        }
    }

    /** Warnings and errors that carry an exception: what a handler that let one escape leaves. */
    private List<String> logsWithStackTraces() {
        synchronized (logs) {
            return logs.list.stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN) && e.getThrowableProxy() != null)
                    .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage() + ": " + e.getThrowableProxy().getClassName())
                    .toList();
        }
    }
}
