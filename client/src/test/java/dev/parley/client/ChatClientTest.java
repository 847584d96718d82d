package dev.parley.client;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.testing.FakeIrcServer;
import dev.parley.client.testing.TestConsole;
import dev.parley.client.ui.PlainConsole;
import dev.parley.protocol.IrcMessage;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole client against a scripted server over plaintext loopback: login, chat, leaving, reconnecting. */
class ChatClientTest {
    private final ExecutorService runner = Executors.newSingleThreadExecutor();

    @TempDir
    Path dir;

    @AfterEach
    void stopClient() throws InterruptedException {
        runner.shutdownNow();
        assertThat(runner.awaitTermination(10, SECONDS)).as("client stopped").isTrue();
    }

    private ChatSettings.Builder settings(FakeIrcServer server) {
        return ChatSettings.builder("127.0.0.1").port(server.port()).plaintext(true)
                .knownServers(dir.resolve("known_servers"))
                .systemTrust(null)
                .backoff(Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(40)))
                .zone(ZoneOffset.UTC);
    }

    private Future<Integer> start(ChatSettings settings, dev.parley.client.ui.Console console) {
        return runner.submit(() -> new ChatClient(settings, console).run());
    }

    @Test
    void playsTheSeedTranscript() throws Exception {
        try (FakeIrcServer server = FakeIrcServer.plaintext()) {
            TestConsole console = new TestConsole(true).type("19803021", "secret");
            Future<Integer> exit = start(settings(server).build(), console);
            FakeIrcServer.Conn conn = server.accept();
            String nick = conn.loginMember("secret", "Pranav Gupta");

            console.await("All set, type 'QUIT' to leave...");
            conn.send(":ritawari!19803022@127.0.0.1 JOIN #lobby 19803022 :Ritawari Pareek");
            conn.send("@time=" + Instant.now() + ";account=19803022 :ritawari!19803022@127.0.0.1 PRIVMSG #lobby "
                    + ":This is our CN Project");
            console.await("<<Ritawari Pareek>> : This is our CN Project");

            console.type("Hello Everyone");
            IrcMessage said = conn.expect("PRIVMSG");
            assertThat(said.params()).containsExactly("#lobby", "Hello Everyone");
            conn.send(":" + nick + "!19803021@127.0.0.1 PRIVMSG #lobby :Hello Everyone"); // echo-message
            console.await("<<You>> : Hello Everyone");

            conn.send(":ritawari!19803022@127.0.0.1 QUIT :Quit: bye");
            console.await("Ritawari Pareek has left the chat. (bye)");

            console.type("QuIt");
            conn.expect("QUIT");
            conn.send("ERROR :Closing Link: 127.0.0.1 (Quit)");
            conn.close();
            assertThat(exit.get(15, SECONDS)).isEqualTo(ChatClient.EXIT_OK);
            assertThat(console.lines()).containsSubsequence(
                    "Trying to connect to [ 127.0.0.1 : " + server.port() + " ]...",
                    "Connected to 127.0.0.1 (not encrypted).",
                    "      PARLEY",
                    "Enter your member id : ",
                    "Enter your password  : ",
                    "19803021 : Pranav Gupta",
                    "Welcome to Parley.",
                    "All set, type 'QUIT' to leave...",
                    "Ritawari Pareek has entered the chat!",
                    "<<Ritawari Pareek>> : This is our CN Project",
                    "<<You>> : Hello Everyone",
                    "Ritawari Pareek has left the chat. (bye)",
                    "Quitting chat...");
            assertThat(console.lines()).noneMatch(line -> line.contains("secret"));
        }
    }

    @Test
    void aWrongPasswordSaysSoAndAsksAgain() throws Exception {
        try (FakeIrcServer server = FakeIrcServer.plaintext()) {
            TestConsole console = new TestConsole(true).type("19803021", "wrong", "19803021", "secret");
            Future<Integer> exit = start(settings(server).build(), console);
            FakeIrcServer.Conn conn = server.accept();
            conn.capLs("sasl=SCRAM-SHA-256 extended-join");
            String nick = conn.registerAndAck();
            assertThat(conn.scram(nick, "secret")).isFalse();
            console.await("Wrong member id or password.");
            console.await("Enter your member id : ");
            assertThat(conn.scram(nick, "secret")).isTrue();
            conn.welcome(nick);
            conn.send(":" + nick + "!19803021@127.0.0.1 JOIN #lobby 19803021 :Pranav Gupta");
            console.await("19803021 : Pranav Gupta");
            console.endInput();
            console.await("Quitting chat...");
            conn.expect("QUIT");
            conn.close();
            assertThat(exit.get(15, SECONDS)).isEqualTo(ChatClient.EXIT_OK);
        }
    }

    @Test
    void givesUpAfterThreeWrongPasswords() throws Exception {
        try (FakeIrcServer server = FakeIrcServer.plaintext()) {
            TestConsole console = new TestConsole(true).type("19803021", "a", "19803021", "b", "19803021", "c");
            Future<Integer> exit = start(settings(server).build(), console);
            FakeIrcServer.Conn conn = server.accept();
            conn.capLs("sasl=SCRAM-SHA-256");
            String nick = conn.registerAndAck();
            for (int i = 0; i < 3; i++) {
                assertThat(conn.scram(nick, "secret")).isFalse();
            }
            assertThat(exit.get(15, SECONDS)).isEqualTo(ChatClient.EXIT_LOGIN);
            assertThat(console.lines()).filteredOn("Wrong member id or password."::equals).hasSize(3);
            assertThat(console.lines()).contains("Giving up after 3 attempts.");
        }
    }

    @Test
    void aLockedAccountShowsTheServersReason() throws Exception {
        try (FakeIrcServer server = FakeIrcServer.plaintext()) {
            TestConsole console = new TestConsole(true).type("19803021", "secret");
            Future<Integer> exit = start(settings(server).build(), console);
            FakeIrcServer.Conn conn = server.accept();
            conn.capLs("sasl=SCRAM-SHA-256");
            String nick = conn.registerAndAck();
            conn.expect("AUTHENTICATE");
            conn.send(":parley.local 902 " + nick + " :Account locked until 12:00 after too many failed logins");
            assertThat(exit.get(15, SECONDS)).isEqualTo(ChatClient.EXIT_LOGIN);
            assertThat(console.lines()).contains(
                    "Login refused: Account locked until 12:00 after too many failed logins");
        }
    }

    @Test
    void aRefusalInA904IsShownAndNotRetried() throws Exception {
        try (FakeIrcServer server = FakeIrcServer.plaintext()) {
            TestConsole console = new TestConsole(true).type("19803021", "secret");
            Future<Integer> exit = start(settings(server).build(), console);
            FakeIrcServer.Conn conn = server.accept();
            conn.capLs("sasl=SCRAM-SHA-256");
            String nick = conn.registerAndAck();
            conn.expect("AUTHENTICATE");
            conn.send(":parley.local 904 " + nick + " :SASL authentication failed: This account is locked");
            assertThat(exit.get(15, SECONDS)).isEqualTo(ChatClient.EXIT_LOGIN);
            assertThat(console.lines()).contains("Login refused: This account is locked");
            assertThat(console.lines()).filteredOn(line -> line.startsWith("Enter your member id")).hasSize(1);
        }
    }

    @Test
    void refusesAServerThatCannotProveItKnowsThePassword() throws Exception {
        try (FakeIrcServer server = FakeIrcServer.plaintext()) {
            TestConsole console = new TestConsole(true).type("19803021", "secret");
            Future<Integer> exit = start(settings(server).build(), console);
            FakeIrcServer.Conn conn = server.accept();
            conn.capLs("sasl=SCRAM-SHA-256");
            String nick = conn.registerAndAck();
            conn.expect("AUTHENTICATE");
            conn.send("AUTHENTICATE +");
            String clientFirst = unb64(conn.expect("AUTHENTICATE").param(0));
            String nonce = clientFirst.substring(clientFirst.indexOf(",r=") + 3);
            conn.send("AUTHENTICATE " + b64("r=" + nonce + "xyz,s=c2FsdA==,i=4096"));
            conn.expect("AUTHENTICATE");
            conn.send("AUTHENTICATE " + b64("v=" + Base64.getEncoder().encodeToString(new byte[32])));
            assertThat(conn.expect("AUTHENTICATE").param(0)).isEqualTo("*");
            conn.send(":parley.local 906 " + nick + " :SASL authentication aborted");
            assertThat(exit.get(15, SECONDS)).isEqualTo(ChatClient.EXIT_LOGIN);
            assertThat(console.lines()).anyMatch(line -> line.startsWith("Login refused: Login stopped: ")
                    && line.contains("signature is wrong"));
        }
    }

    @Test
    void learnsItsOwnNameFromWhoWithoutExtendedJoin() throws Exception {
        try (FakeIrcServer server = FakeIrcServer.plaintext()) {
            TestConsole console = new TestConsole(true).type("19803021", "secret");
            Future<Integer> exit = start(settings(server).build(), console);
            FakeIrcServer.Conn conn = server.accept();
            conn.capLs("sasl=SCRAM-SHA-256");
            String nick = conn.registerAndAck();
            assertThat(conn.scram(nick, "secret")).isTrue();
            conn.welcome(nick);
            IrcMessage who = conn.expect("WHO");
            assertThat(who.params()).containsExactly(nick, "%tnar,1");
            conn.send(":parley.local 354 " + nick + " 1 " + nick + " 19803021 :Pranav Gupta");
            conn.send(":parley.local 315 " + nick + " " + nick + " :End of WHO list");
            console.await("19803021 : Pranav Gupta");
            console.type("/quit see you");
            assertThat(conn.expect("QUIT").params()).containsExactly("see you");
            conn.close();
            assertThat(exit.get(15, SECONDS)).isEqualTo(ChatClient.EXIT_OK);
        }
    }

    @Test
    void neverSendsThePasswordItselfWithoutTls() throws Exception {
        try (FakeIrcServer server = FakeIrcServer.plaintext()) {
            TestConsole console = new TestConsole(true).type("19803021", "secret");
            Future<Integer> exit = start(settings(server).build(), console);
            FakeIrcServer.Conn conn = server.accept();
            conn.capLs("sasl=PLAIN,EXTERNAL");
            conn.registerAndAck();
            assertThat(exit.get(15, SECONDS)).isEqualTo(ChatClient.EXIT_LOGIN);
            assertThat(console.lines()).anyMatch(line -> line.startsWith("Login refused: The server only takes "
                    + "the password in the clear"));
            conn.drain();
            assertThat(conn.received()).noneMatch(m -> m.command().equals("AUTHENTICATE"));
        }
    }

    @Test
    void reconnectsAndLogsInAgainByItself() throws Exception {
        try (FakeIrcServer server = FakeIrcServer.plaintext()) {
            TestConsole console = new TestConsole(true).type("19803021", "secret");
            Future<Integer> exit = start(settings(server).build(), console);
            FakeIrcServer.Conn first = server.accept();
            first.loginMember("secret", "Pranav Gupta");
            console.await("All set, type 'QUIT' to leave...");
            first.send("ERROR :Server shutting down");
            first.hangUp();

            console.await("Lost the connection to 127.0.0.1 (Server shutting down).");
            FakeIrcServer.Conn second = server.accept();
            String nick = second.loginMember("secret", "Pranav Gupta");
            assertThat(second.expect("JOIN").param(0)).isEqualTo("#lobby"); // back into the rooms it was in
            console.await("Reconnected to 127.0.0.1.");
            second.send(":ritawari!19803022@127.0.0.1 JOIN #lobby 19803022 :Ritawari Pareek");
            console.await("Ritawari Pareek has entered the chat!");
            console.type("Still here");
            assertThat(second.expect("PRIVMSG").params()).containsExactly("#lobby", "Still here");
            console.type("quit");
            second.expect("QUIT");
            second.close();
            assertThat(exit.get(15, SECONDS)).isEqualTo(ChatClient.EXIT_OK);
            assertThat(console.lines()).filteredOn(line -> line.startsWith("19803021 : ")).hasSize(1);
            assertThat(console.lines()).filteredOn(line -> line.startsWith("Enter your")).hasSize(2);
            assertThat(nick).isEqualTo(dev.parley.client.login.NickChooser.nickFor("19803021"));
        }
    }

    @Test
    void keepsTryingWhileTheServerIsDownAndLeavesOnQuit() throws Exception {
        FakeIrcServer server = FakeIrcServer.plaintext();
        TestConsole console = new TestConsole(true).type("19803021", "secret");
        Future<Integer> exit = start(settings(server).build(), console);
        FakeIrcServer.Conn conn = server.accept();
        conn.loginMember("secret", "Pranav Gupta");
        console.await("All set, type 'QUIT' to leave...");
        server.close(); // the server is gone, port and all
        console.awaitStartingWith("Lost the connection to 127.0.0.1");
        console.await(line -> line.startsWith("Could not connect to 127.0.0.1:"), "a failed reconnection");
        console.type("hello?");
        console.await("Not connected right now; that line was not sent.");
        console.type("quit");
        console.await("Quitting chat...");
        assertThat(exit.get(15, SECONDS)).isEqualTo(ChatClient.EXIT_OK);
    }

    @Test
    void runsWithoutATerminalFromPipedLines() throws Exception {
        try (FakeIrcServer server = FakeIrcServer.plaintext()) {
            PipedOutputStream keyboard = new PipedOutputStream();
            PipedInputStream stdin = new PipedInputStream(keyboard);
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            PlainConsole console = new PlainConsole(stdin, new PrintStream(stdout, true, StandardCharsets.UTF_8));
            keyboard.write("19803021\nsecret\nHello from a script\n".getBytes(StandardCharsets.UTF_8));
            keyboard.close();
            Future<Integer> exit = start(settings(server).build(), console);
            FakeIrcServer.Conn conn = server.accept();
            conn.loginMember("secret", "Pranav Gupta");
            assertThat(conn.expect("PRIVMSG").params()).containsExactly("#lobby", "Hello from a script");
            conn.expect("QUIT");
            conn.close();
            assertThat(exit.get(15, SECONDS)).isEqualTo(ChatClient.EXIT_OK);
            String out = stdout.toString(StandardCharsets.UTF_8);
            assertThat(out).contains("Enter your member id : 19803021\n", "Enter your password  : \n",
                    "19803021 : Pranav Gupta\n", "All set, type 'QUIT' to leave...\n", "Quitting chat...\n");
            assertThat(out).doesNotContain("secret");
        }
    }

    @Test
    void takesTheMemberIdAndPasswordGivenUpFront() throws Exception {
        try (FakeIrcServer server = FakeIrcServer.plaintext()) {
            TestConsole console = new TestConsole(false);
            Future<Integer> exit = start(settings(server).user("19803021").password("secret").build(), console);
            FakeIrcServer.Conn conn = server.accept();
            conn.loginMember("secret", "Pranav Gupta");
            console.await("19803021 : Pranav Gupta");
            console.endInput();
            conn.expect("QUIT");
            conn.close();
            assertThat(exit.get(15, SECONDS)).isEqualTo(ChatClient.EXIT_OK);
            assertThat(console.lines()).noneMatch(line -> line.startsWith("Enter your"));
        }
    }

    @Test
    void refusesPlaintextToAnotherMachine() {
        TestConsole console = new TestConsole(true);
        ChatSettings settings = ChatSettings.builder("192.0.2.1").plaintext(true).systemTrust(null)
                .knownServers(dir.resolve("known_servers")).build();
        assertThat(new ChatClient(settings, console).run()).isEqualTo(ChatClient.EXIT_USAGE);
        assertThat(console.lines()).singleElement().asString().contains("--plaintext is only allowed");
    }

    @Test
    void saysSoWhenTheServerCannotBeReached() throws Exception {
        FakeIrcServer server = FakeIrcServer.plaintext();
        int port = server.port();
        server.close();
        TestConsole console = new TestConsole(true);
        ChatSettings settings = ChatSettings.builder("127.0.0.1").port(port).plaintext(true).systemTrust(null)
                .knownServers(dir.resolve("known_servers")).build();
        assertThat(new ChatClient(settings, console).run()).isEqualTo(ChatClient.EXIT_CONNECTION);
        assertThat(console.lines()).last().asString().startsWith("Could not connect to 127.0.0.1:" + port);
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String text) {
        return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    }
}
