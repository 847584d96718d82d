package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.SaslClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parley server} as a real process: start-up output, config errors, SIGHUP, SIGTERM. */
class ServerProcessTest {
    private static final Pattern LISTENING = Pattern.compile("listening on ([0-9.]+):(\\d+)");
    private static final Pattern FINGERPRINT = Pattern.compile("fingerprint: ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})");

    @TempDir
    Path dir;
    private Process process;
    private final List<String> output = new ArrayList<>();

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private BufferedReader start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Reads the output until a line matches; the process's own start-up is what is waited for. */
    private Matcher awaitLine(BufferedReader out, Pattern pattern) throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            output.add(line);
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m;
            }
        }
        throw new AssertionError("Process ended without printing " + pattern + ": " + output);
    }

    private Path writeConfig(String accounts) throws IOException {
        Path config = dir.resolve("parley.toml");
        Files.writeString(config, """
                [server]
                name = "chat.example.org"

                [[listen]]
                host = "127.0.0.1"
                port = 0

                [storage]
                data_dir = "data"

                [rooms]
                auto_join = ["#lobby"]
                """ + accounts);
        return config;
    }

    @Test
    void startsOverTlsReloadsOnHangupAndStopsOnTerm() throws Exception {
        Path config = writeConfig("");
        BufferedReader out = start("server", "--config", config.toString());
        String fingerprint = awaitLine(out, FINGERPRINT).group(1);
        Matcher listening = awaitLine(out, LISTENING);
        InetSocketAddress address = new InetSocketAddress(listening.group(1), Integer.parseInt(listening.group(2)));
        assertThat(Files.exists(dir.resolve("data/tls/cert.pem"))).isTrue();
        // A second server on the same data folder is refused: it holds the folder's lock.
        CommandRun second = CommandRun.run(null, "server", "--config", config.toString(), "--port", "0");
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.err().strip()).isEqualTo("parley: " + dir.resolve("data")
                + " is in use by another Parley server or restore (pid " + process.pid() + ")");
        // The output drains in the background so the server never blocks on a full pipe.
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Thread drain = new Thread(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    log.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        drain.setDaemon(true);
        drain.start();

        writeConfig("""

                [[accounts]]
                name = "19803021"
                password = "hello-everyone"
                display_name = "Pranav Gupta"
                """);
        new ProcessBuilder("kill", "-HUP", String.valueOf(process.pid())).start().waitFor();
        // Wait for the reload itself, not for a login to work: each login tried before the new
        // account exists is a failure, and five of them block the account for a minute.
        // A copy to look through: the drain thread adds lines meanwhile (toArray holds the list's lock).
        await().atMost(Duration.ofSeconds(20))
                .until(() -> List.copyOf(log).stream().anyMatch(l -> l.contains("Configuration reloaded")));
        assertThat(login(address, fingerprint)).isEqualTo("903");

        try (IrcTestClient member = IrcTestClient.connectTls(address, fingerprint)) {
            member.send("CAP REQ :sasl");
            member.await("CAP");
            assertThat(SaslClient.plain(member, "19803021", "hello-everyone")).isEqualTo("903");
            member.send("NICK 19803021");
            member.send("USER m 0 * :m");
            member.send("CAP END");
            member.await("366");
            member.send("PRIVMSG #lobby :a private thought 4711");
            member.send("PING :sync");
            member.await("PONG");
            long stopAsked = System.nanoTime();
            // Not Process.destroy(): it also closes our end of the output, losing the last lines.
            new ProcessBuilder("kill", "-TERM", String.valueOf(process.pid())).start().waitFor();
            List<IrcMessage> last = member.awaitClose();
            assertThat(last).extracting(IrcMessage::command).contains("ERROR");
            assertThat(process.waitFor(5, TimeUnit.SECONDS)).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopAsked)).isLessThan(5);
        }
        drain.join(5000);
        // The log tells who came, logged in, joined and left, as the seed's console did, but
        // holds no password (not even PLAIN's base64 of it) and no message text.
        String logged = String.join("\n", log);
        assertThat(logged).contains("PLAIN login for account 19803021", "19803021 joined #lobby",
                "Shutting down; connections told and closed: 1");
        String plainPayload = Base64.getEncoder()
                .encodeToString(String.join("\0", "", "19803021", "hello-everyone").getBytes(StandardCharsets.UTF_8));
        assertThat(logged).doesNotContain("hello-everyone", plainPayload, "private thought");

        // A second start with the same data folder keeps the certificate clients pinned.
        BufferedReader again = start("server", "--config", config.toString());
        assertThat(awaitLine(again, FINGERPRINT).group(1)).isEqualTo(fingerprint);
    }

    private static String login(InetSocketAddress address, String fingerprint) throws Exception {
        try (IrcTestClient c = IrcTestClient.connectTls(address, fingerprint)) {
            c.send("CAP REQ :sasl");
            c.await("CAP");
            return SaslClient.plain(c, "19803021", "hello-everyone");
        }
    }

    @Test
    void aPortInUseIsSaidPlainly() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CommandRun run = CommandRun.run(null, "server", "--host", "127.0.0.1", "--port",
                    String.valueOf(taken.getLocalPort()), "--data-dir", dir.resolve("data").toString());
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err().strip()).isEqualTo("parley: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": the address is already in use (another server running?)");
        }
    }

    @Test
    void aConfigMistakeStopsTheStartWithOneLine() throws Exception {
        Path config = dir.resolve("bad.toml");
        Files.writeString(config, """
                [server]
                name = "chat.example.org"

                [[listen]]
                port = 70000
                """);
        CommandRun run = CommandRun.run(null, "server", "--config", config.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo(config + ":5: listen[0].port: must be between 0 and 65535, got 70000");
    }
}
