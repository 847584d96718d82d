package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.SaslClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [log] format = "json"}: every line {@code parley server} writes is one JSON object, and
 * none holds a password (right or wrong, plain or as PLAIN's base64) or what was said.
 */
class JsonLogTest {
    private static final Pattern LISTENING = Pattern.compile("listening on ([0-9.]+):(\\d+)");
    private static final Pattern FINGERPRINT = Pattern.compile("fingerprint: ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Process process;

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private List<String> lines(Path log) throws Exception {
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }

    /** The first log message that matches, once the server has written it. */
    private Matcher awaitMessage(Path log, Pattern pattern) {
        List<Matcher> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (String line : lines(log)) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    found.add(m);
                    return true;
                }
            }
            return !process.isAlive();
        });
        assertThat(found).as("the server wrote %s", pattern).isNotEmpty();
        return found.get(0);
    }

    @Test
    void everyLineIsJsonAndNoneHoldsAPasswordOrAMessage() throws Exception {
        Path config = dir.resolve("parley.toml");
        Files.writeString(config, """
                [[listen]]
                host = "127.0.0.1"
                port = 0

                [storage]
                data_dir = "data"

                [log]
                format = "json"

                [[accounts]]
                name = "19803021"
                password = "hello-everyone"
                display_name = "Pranav Gupta"
                """);
        Path log = dir.resolve("server.log");
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "server", "--config", config.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String fingerprint = awaitMessage(log, FINGERPRINT).group(1);
        Matcher listening = awaitMessage(log, LISTENING);
        InetSocketAddress address = new InetSocketAddress(listening.group(1), Integer.parseInt(listening.group(2)));

        try (IrcTestClient guesser = IrcTestClient.connectTls(address, fingerprint)) {
            guesser.send("CAP REQ :sasl");
            guesser.await("CAP");
            assertThat(SaslClient.plain(guesser, "19803021", "wrong-horse-battery")).isEqualTo("904");
        }
        try (IrcTestClient member = IrcTestClient.connectTls(address, fingerprint)) {
            member.send("CAP REQ :sasl");
            member.await("CAP");
            assertThat(SaslClient.plain(member, "19803021", "hello-everyone")).isEqualTo("903");
            member.send("NICK 19803021");
            member.send("USER m 0 * :m");
            member.send("CAP END");
            member.await("366");
            member.send("PRIVMSG #lobby :a private thought 4711");
            member.send("QUIT :gone to the secret meeting");
            member.awaitClose();
        }
        new ProcessBuilder("kill", "-TERM", String.valueOf(process.pid())).start().waitFor();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();

        List<String> messages = new ArrayList<>();
        for (String line : lines(log)) {
            JsonNode event = JSON.readTree(line);
            assertThat(event.isObject()).as("a JSON object: %s", line).isTrue();
            assertThat(event.path("@timestamp").isTextual()).as("with a time: %s", line).isTrue();
            assertThat(event.path("level").isTextual()).as("with a level: %s", line).isTrue();
            messages.add(event.path("message").asText());
        }
        assertThat(messages).anyMatch(m -> m.contains("PLAIN login for account 19803021"))
                .anyMatch(m -> m.contains("19803021 joined #lobby"))
                .anyMatch(m -> m.startsWith("Shutting down"));
        String all = String.join("\n", lines(log));
        for (String password : List.of("wrong-horse-battery", "hello-everyone")) {
            String plainPayload = Base64.getEncoder()
                    .encodeToString(String.join("\0", "", "19803021", password).getBytes(StandardCharsets.UTF_8));
            assertThat(all).doesNotContain(password, plainPayload);
        }
        assertThat(all).doesNotContain("private thought", "secret meeting");
    }
}
