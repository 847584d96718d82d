package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.HttpTestClient;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.SaslClient;
import dev.parley.server.testing.TestServers;
import dev.parley.server.testing.WebSocketLines;
import dev.parley.server.web.StaticFiles;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * IRC over WebSocket on the web listener, with real TLS (the self-signed certificate, pinned),
 * against TCP clients of the same server: the same sessions, commands and limits either way.
 */
class WebSocketTest {
    static final String ALLOWED_ORIGIN = "https://chat.example.org";

    @TempDir
    static Path dataDir;
    static ParleyServer server;
    static InetSocketAddress irc;
    static InetSocketAddress web;
    static String fingerprint;

    @BeforeAll
    static void start() throws Exception {
        ParleyConfig config = TestServers.plaintext(dataDir)
                .withListen(List.of(new ParleyConfig.ListenSection("127.0.0.1", 0, true)))
                .withAuth(ParleyConfig.AuthSection.defaults())
                .withRooms(new ParleyConfig.RoomsSection(List.of("#lobby")))
                .withWeb(new ParleyConfig.WebSection(true, "127.0.0.1", 0, true, List.of(ALLOWED_ORIGIN)));
        server = ParleyServer.start(config, StaticFiles.fromClassPath("no/client/here/"));
        irc = server.boundAddresses().get(0);
        web = server.webAddress().orElseThrow();
        fingerprint = server.certificateFingerprint().orElseThrow();
        server.accounts().store().create("19803021", "Pranav Gupta", "hello-everyone");
        server.accounts().store().create("19803099", "Ritawari Pareek", "cn-project");
        for (String member : List.of("longline", "hearer", "badlines", "leaver")) {
            server.accounts().store().create(member, member, "password-" + member);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static WebSocketLines webSocket(String... subprotocols) throws Exception {
        return WebSocketLines.connect(web, fingerprint, null, subprotocols);
    }

    private static IrcTestClient login(IrcTestClient c, String member, String password) throws IOException {
        c.send("CAP REQ :sasl");
        assertThat(c.await("CAP").param(1)).isEqualTo("ACK");
        assertThat(SaslClient.plain(c, member, password)).isEqualTo("903");
        c.send("NICK " + member);
        c.send("USER " + member + " 0 * :whatever");
        c.send("CAP END");
        c.await("366"); // the welcome and the auto-joined #lobby
        c.sync();
        return c;
    }

    private static IrcTestClient member(IrcTestClient c, String member) throws IOException {
        return login(c, member, "password-" + member);
    }

    /** The replies among what came (members coming and going in #lobby left out). */
    private static List<String> replies(List<IrcMessage> messages) {
        return messages.stream().map(IrcMessage::command).filter(c -> c.matches("[0-9]{3}|FAIL")).toList();
    }

    @Test
    void aWebSocketMemberAndATcpMemberTalkInTheLobby() throws Exception {
        WebSocketLines socket = webSocket("binary.ircv3.net", "text.ircv3.net");
        try (IrcTestClient browser = login(IrcTestClient.over(socket), "19803021", "hello-everyone");
             IrcTestClient terminal = login(IrcTestClient.connectTls(irc, fingerprint), "19803099", "cn-project")) {
            browser.sync();
            terminal.send("PRIVMSG #lobby :hello from the terminal");
            IrcMessage heard = browser.await("PRIVMSG");
            assertThat(heard.source()).startsWith("19803099!");
            assertThat(heard.params()).containsExactly("#lobby", "hello from the terminal");
            // One line a message, without its line ending, in the agreed kind of frame.
            assertThat(socket.lastFrame().binary()).isTrue();
            assertThat(socket.lastFrame().text()).doesNotContain("\r", "\n").endsWith(":hello from the terminal");

            browser.send("PRIVMSG #lobby :hello from the browser");
            assertThat(terminal.await("PRIVMSG").params()).containsExactly("#lobby", "hello from the browser");
            List<IrcMessage> whois = terminal.ask("WHOIS 19803021");
            assertThat(whois.get(0).last()).isEqualTo("Pranav Gupta");
        }
    }

    @ParameterizedTest(name = "asked {0}, agreed {1}")
    @CsvSource({
        "binary.ircv3.net, binary.ircv3.net",
        "text.ircv3.net, text.ircv3.net",
        "binary.ircv3.net text.ircv3.net, binary.ircv3.net",
        "text.ircv3.net binary.ircv3.net, text.ircv3.net",
        "'', ''"})
    void theSubprotocolIsTheClientsFirstChoice(String asked, String agreed) throws Exception {
        String[] subprotocols = asked.isBlank() ? new String[0] : asked.split(" ");
        WebSocketLines socket = webSocket(subprotocols);
        try (IrcTestClient c = IrcTestClient.over(socket)) {
            assertThat(socket.subprotocol()).isEqualTo(agreed.isBlank() ? null : agreed);
            c.send("PING token");
            assertThat(c.await("PONG").last()).isEqualTo("token");
            // Without a subprotocol, text.
            assertThat(socket.lastFrame().binary()).isEqualTo("binary.ircv3.net".equals(agreed));
        }
    }

    private static HttpTestClient.Response upgrade(String path, String... headers) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="));
        all.addAll(List.of(headers));
        return HttpTestClient.get(web, fingerprint, path, all.toArray(String[]::new));
    }

    @Test
    void anUnknownSubprotocolFallsBackToText() throws Exception {
        HttpTestClient.Response upgraded = upgrade("/socket", "Sec-WebSocket-Protocol: chat.example.org");
        assertThat(upgraded.status()).isEqualTo(101);
        assertThat(upgraded.header("Sec-WebSocket-Accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        assertThat(upgraded.header("Sec-WebSocket-Protocol")).isNull();
    }

    @Test
    void anUpgradeAtTheRootIsTakenForClientsGivenOnlyHostAndPort() throws Exception {
        HttpTestClient.Response upgraded = upgrade("/", "Sec-WebSocket-Protocol: text.ircv3.net");
        assertThat(upgraded.status()).isEqualTo(101);
        assertThat(upgraded.header("Sec-WebSocket-Protocol")).isEqualTo("text.ircv3.net");
        assertThat(upgrade("/elsewhere").status()).isEqualTo(404);
    }

    @Test
    void aPlainRequestToTheSocketIsToldToUpgrade() throws Exception {
        HttpTestClient.Response answer = HttpTestClient.get(web, fingerprint, "/socket");
        assertThat(answer.status()).isEqualTo(426);
        assertThat(answer.header("Sec-WebSocket-Version")).isEqualTo("13");
    }

    @Test
    void lineLengthsFollowTheTcpRules() throws Exception {
        try (IrcTestClient c = member(IrcTestClient.over(webSocket("text.ircv3.net")), "longline");
             IrcTestClient other = member(IrcTestClient.connectTls(irc, fingerprint), "hearer")) {
            String prefix = "PRIVMSG hearer :";
            // 510 bytes is the most a line may have without its CR LF: taken.
            c.send(prefix + "x".repeat(510 - prefix.length()));
            assertThat(other.await("PRIVMSG").last()).hasSize(510 - prefix.length());
            // One more byte is too long, with the same error as on TCP; the connection stays.
            assertThat(replies(c.ask(prefix + "x".repeat(511 - prefix.length())))).containsExactly("417");
            // Far past any limit: the same error, and still the connection stays.
            assertThat(replies(c.ask(prefix + "x".repeat(9000)))).containsExactly("417");
            assertThat(replies(c.ask("PING still-here"))).isEmpty();
        }
    }

    @Test
    void badLinesGetTheTcpErrors() throws Exception {
        WebSocketLines socket = webSocket("text.ircv3.net");
        try (IrcTestClient c = member(IrcTestClient.over(socket), "badlines")) {
            // Not UTF-8, in a text frame (which should never carry it) and in a binary one: the
            // same FAIL as over TCP either way, and the connection stays.
            byte[] latin1 = "PRIVMSG badlines :caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
            c.sendRaw(latin1);
            assertThat(c.await("FAIL").params()).startsWith("PRIVMSG", "INVALID_UTF8");
            socket.sendBinary(true);
            c.sendRaw(latin1);
            socket.sendBinary(false);
            assertThat(c.await("FAIL").params()).startsWith("PRIVMSG", "INVALID_UTF8");
            // Two lines in one message is not one line.
            c.send("PING one\r\nPING two");
            IrcMessage malformed = c.await("FAIL");
            assertThat(malformed.param(1)).isEqualTo("INVALID_MESSAGE");
            // A line ending some clients add anyway is not part of the line.
            c.send("PING ended\r\n");
            assertThat(c.await("PONG").last()).isEqualTo("ended");
        }
    }

    /** How many connections 127.0.0.1 has open, as the per-address cap counts them. */
    private static int countedFromLoopback() throws Exception {
        java.net.InetAddress loopback = java.net.InetAddress.getByName("127.0.0.1");
        int withOneMore = server.context().state().connectionOpened(loopback);
        server.context().state().connectionClosed(loopback);
        return withOneMore - 1;
    }

    @Test
    void aWebSocketConnectionCountsOnceAgainstItsAddress() throws Exception {
        // Connections of earlier tests may still be closing on the server's side.
        await().atMost(Duration.ofSeconds(10)).until(() -> countedFromLoopback() == 0);
        try (IrcTestClient c = IrcTestClient.over(webSocket("text.ircv3.net"))) {
            c.sync();
            assertThat(countedFromLoopback()).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> countedFromLoopback() == 0);
    }

    @Test
    void quitClosesTheWebSocket() throws Exception {
        try (IrcTestClient c = member(IrcTestClient.over(webSocket()), "leaver")) {
            c.send("QUIT :bye");
            List<IrcMessage> last = c.awaitClose();
            assertThat(last).extracting(IrcMessage::command).endsWith("ERROR");
        }
    }

    @Test
    void onlyTheServersOwnPagesAndConfiguredOriginsMayConnect() throws Exception {
        String own = "https://127.0.0.1:" + web.getPort();
        for (String origin : new String[] {own, ALLOWED_ORIGIN, null}) {
            try (WebSocketLines socket = WebSocketLines.connect(web, fingerprint, origin, "text.ircv3.net")) {
                assertThat(socket.subprotocol()).isEqualTo("text.ircv3.net");
            }
        }
        for (String origin : new String[] {"https://evil.example", "http://127.0.0.1:" + web.getPort(), "null"}) {
            assertThatThrownBy(() -> WebSocketLines.connect(web, fingerprint, origin, "text.ircv3.net"))
                    .isInstanceOfSatisfying(WebSocketClientHandshakeException.class,
                            refused -> assertThat(refused.response().status().code()).isEqualTo(403));
        }
    }
}
