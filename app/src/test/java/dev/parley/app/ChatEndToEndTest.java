package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.Backoff;
import dev.parley.client.ChatClient;
import dev.parley.client.ChatSettings;
import dev.parley.client.ui.PlainConsole;
import dev.parley.protocol.IrcMessage;
import dev.parley.server.ParleyServer;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parley chat} in its non-interactive mode against a real server over TLS. */
class ChatEndToEndTest {
    @TempDir
    Path dir;
    private ParleyServer server;
    private InetSocketAddress address;
    private String fingerprint;
    private final List<Running> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = startServer(0);
        address = server.boundAddresses().get(0);
        fingerprint = server.certificateFingerprint().orElseThrow();
        server.accounts().store().create("19803021", "Pranav Gupta", "hello-everyone");
        server.accounts().store().create("19803099", "Ritawari Pareek", "cn-project");
    }

    private ParleyServer startServer(int port) throws Exception {
        return ParleyServer.start(TestServers.plaintext(dir.resolve("data"))
                .withListen(List.of(new ParleyConfig.ListenSection("127.0.0.1", port, true)))
                .withAuth(ParleyConfig.AuthSection.defaults())
                .withRooms(new ParleyConfig.RoomsSection(List.of("#lobby"))));
    }

    @AfterEach
    void stop() throws Exception {
        for (Running client : clients) {
            client.input.close();
            client.exit.get(10, TimeUnit.SECONDS);
        }
        server.close();
    }

    /** One client process-alike: typed lines go in through a pipe, printed lines are recorded. */
    private final class Running {
        final PipedOutputStream input = new PipedOutputStream();
        final Transcript output = new Transcript();
        CompletableFuture<Integer> exit;

        Running(ChatSettings.Builder settings) throws IOException {
            PipedInputStream stdin = new PipedInputStream(input);
            ChatClient client = new ChatClient(settings.build(),
                    new PlainConsole(stdin, new PrintStream(output, true, StandardCharsets.UTF_8)));
            exit = CompletableFuture.supplyAsync(client::run);
            clients.add(this);
        }

        void type(String line) throws IOException {
            input.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            input.flush();
        }
    }

    private ChatSettings.Builder settings() {
        return ChatSettings.builder("127.0.0.1").port(address.getPort())
                .knownServers(dir.resolve("known_servers"))
                .fingerprint(fingerprint)
                .systemTrust(null)
                .backoff(Backoff.exponential(Duration.ofMillis(50), Duration.ofMillis(400)));
    }

    private IrcTestClient member(String id, String password) throws Exception {
        return TerminalMembers.logIn(address, fingerprint, id, password, "");
    }

    @Test
    void theSeedTranscript() throws Exception {
        Running pranav = new Running(settings());
        pranav.type("19803021");
        pranav.type("hello-everyone");
        pranav.output.await("All set, type 'QUIT' to leave...");

        try (IrcTestClient ritawari = member("19803099", "cn-project")) {
            pranav.output.await("Ritawari Pareek has entered the chat!");
            ritawari.ask("PRIVMSG #lobby :This is our CN Project");
            pranav.output.await("<<Ritawari Pareek>> : This is our CN Project");
            pranav.type("Hello Everyone");
            pranav.output.await("<<You>> : Hello Everyone");
            IrcMessage heard = ritawari.await("PRIVMSG");
            assertThat(heard.source()).startsWith("19803021!");
            assertThat(heard.params()).containsExactly("#lobby", "Hello Everyone");

            pranav.type("quit");
            assertThat(pranav.exit.get(10, TimeUnit.SECONDS)).isEqualTo(ChatClient.EXIT_OK);
            assertThat(ritawari.await("QUIT").source()).startsWith("19803021!");
        }
        assertThat(pranav.output.lines()).containsSubsequence(
                "Trying to connect to [ 127.0.0.1 : " + address.getPort() + " ]...",
                "Enter your member id : 19803021",
                "Enter your password  : ",
                "19803021 : Pranav Gupta",
                "All set, type 'QUIT' to leave...",
                "Ritawari Pareek has entered the chat!",
                "<<Ritawari Pareek>> : This is our CN Project",
                "<<You>> : Hello Everyone",
                "Quitting chat...");
        assertThat(String.join("\n", pranav.output.lines())).doesNotContain("hello-everyone");
    }

    @Test
    void aMemberWhoComesLaterSeesWhatWasSaidAndWhatWasWrittenToThem() throws Exception {
        try (IrcTestClient ritawari = member("19803099", "cn-project")) {
            ritawari.ask("PRIVMSG #lobby :Welcome to the CN Project room");
            ritawari.ask("PRIVMSG #lobby :We meet on Friday");
            ritawari.ask("PRIVMSG 19803021 :Can you bring the report?");

            Running pranav = new Running(settings());
            pranav.type("19803021");
            pranav.type("hello-everyone");
            pranav.output.await("--- now ---");
            pranav.output.await(line -> line.endsWith("<<Ritawari Pareek>> (private) : Can you bring the report?"));
            List<String> lines = pranav.output.lines();
            assertThat(lines).containsSubsequence("All set, type 'QUIT' to leave...", "--- earlier in #lobby ---");
            assertThat(lines.stream().filter(l -> l.contains("<<Ritawari Pareek>>")).toList())
                    .anySatisfy(l -> assertThat(l).matches("\\[\\d\\d:\\d\\d\\] .*Welcome to the CN Project room"))
                    .anySatisfy(l -> assertThat(l).endsWith("We meet on Friday"));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("Ritawari Pareek wrote to you while you were away"));

            // What is said now is live, after the earlier lines.
            ritawari.ask("PRIVMSG #lobby :Pranav is here");
            pranav.output.await(line -> line.equals("<<Ritawari Pareek>> : Pranav is here"));

            // Search finds what was said, private messages included, by its words.
            pranav.type("/search report");
            pranav.output.await("--- end of search ---");
            List<String> all = pranav.output.lines();
            List<String> found = all.subList(all.lastIndexOf("--- end of search ---") - 2, all.size());
            assertThat(found.get(0)).startsWith("--- search: report (1 found)");
            assertThat(found.get(1)).contains("<<Ritawari Pareek>>").endsWith("Can you bring the report?");
            pranav.type("quit");
            assertThat(pranav.exit.get(10, TimeUnit.SECONDS)).isEqualTo(ChatClient.EXIT_OK);
        }
    }

    @Test
    void aWrongPasswordIsSaidAndAskedAgain() throws Exception {
        Running client = new Running(settings());
        client.type("19803021");
        client.type("not-my-password");
        client.output.await("Wrong member id or password.");
        client.type("19803021");
        client.type("hello-everyone");
        client.output.await("19803021 : Pranav Gupta");
        client.input.close(); // Ctrl-D
        assertThat(client.exit.get(10, TimeUnit.SECONDS)).isEqualTo(ChatClient.EXIT_OK);
    }

    @Test
    void aChangedCertificateIsAHardStop() throws Exception {
        Path known = dir.resolve("known_servers");
        Files.writeString(known, "127.0.0.1:" + address.getPort() + " "
                + "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\n");
        Running client = new Running(ChatSettings.builder("127.0.0.1").port(address.getPort())
                .knownServers(known).systemTrust(null));
        assertThat(client.exit.get(20, TimeUnit.SECONDS)).isEqualTo(ChatClient.EXIT_UNTRUSTED);
        assertThat(String.join("\n", client.output.lines())).contains(fingerprint);
    }

    @Test
    void aPinnedCertificateIsTrustedWithoutAsking() throws Exception {
        Path known = dir.resolve("known_servers");
        Files.writeString(known, "127.0.0.1:" + address.getPort() + " " + fingerprint + "\n");
        Running client = new Running(ChatSettings.builder("127.0.0.1").port(address.getPort())
                .knownServers(known).systemTrust(null));
        client.type("19803021");
        client.type("hello-everyone");
        client.output.await("All set, type 'QUIT' to leave...");
        client.type("QUIT");
        assertThat(client.exit.get(10, TimeUnit.SECONDS)).isEqualTo(ChatClient.EXIT_OK);
    }

    @Test
    void itReconnectsAndLogsInAgainAfterTheServerRestarts() throws Exception {
        Running client = new Running(settings());
        client.type("19803021");
        client.type("hello-everyone");
        client.output.await("All set, type 'QUIT' to leave...");

        int port = address.getPort();
        server.close();
        client.output.await(line -> line.startsWith("Lost the connection"));
        server = startServer(port);
        client.output.await(line -> line.startsWith("Reconnected to"));

        try (IrcTestClient ritawari = member("19803099", "cn-project")) {
            client.output.await("Ritawari Pareek has entered the chat!");
            ritawari.ask("PRIVMSG #lobby :welcome back");
            client.output.await("<<Ritawari Pareek>> : welcome back");
        }
    }

    /** Everything a client printed, line by line, with a way to wait for a line. */
    static final class Transcript extends OutputStream {
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();
        private final List<String> lines = new ArrayList<>();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                lines.add(current.toString(StandardCharsets.UTF_8).replace("\r", ""));
                current.reset();
                notifyAll();
            } else {
                current.write(b);
            }
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        void await(String exact) throws InterruptedException {
            await(exact::equals);
        }

        synchronized void await(java.util.function.Predicate<String> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            int checked = 0;
            while (true) {
                for (; checked < lines.size(); checked++) {
                    if (wanted.test(lines.get(checked))) {
                        return;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Client never printed the expected line; it printed " + lines);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
