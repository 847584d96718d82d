package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.HttpTestClient;
import dev.parley.server.testing.HttpTestClient.Response;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.SaslClient;
import dev.parley.server.testing.TestServers;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics listener, scraped over real HTTP while real clients connect, log in and talk. */
class MetricsTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+(?:\\{[^}]*\\})?) (\\S+)$", Pattern.MULTILINE);

    @TempDir
    Path dataDir;

    private ParleyServer start() throws Exception {
        return ParleyServer.start(TestServers.plaintext(dataDir)
                .withRooms(new ParleyConfig.RoomsSection(List.of("#lobby")))
                .withMetrics(new ParleyConfig.MetricsSection(true, "127.0.0.1", 0)));
    }

    /** Every sample of a scrape by name (with its labels as written), as numbers. */
    private static Map<String, Double> scrape(ParleyServer server) throws Exception {
        Response answer = HttpTestClient.get(server.metricsAddress().orElseThrow(), null, "/metrics");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("text/plain; version=0.0.4");
        Map<String, Double> samples = new HashMap<>();
        Matcher m = SAMPLE.matcher(answer.text());
        while (m.find()) {
            samples.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return samples;
    }

    private static double moved(Map<String, Double> before, Map<String, Double> after, String name) {
        assertThat(after).containsKey(name);
        return after.get(name) - before.getOrDefault(name, 0.0);
    }

    @Test
    void theCountersMoveWhenClientsConnectLogInAndTalk() throws Exception {
        try (ParleyServer server = start()) {
            server.accounts().store().create("19803021", "Pranav Gupta", "hello-everyone");
            InetSocketAddress irc = server.boundAddresses().get(0);
            Map<String, Double> before = scrape(server);
            assertThat(before).containsEntry("parley_connections", 0.0)
                    .containsKeys("parley_send_queue_drops_total", "parley_history_pending");

            try (IrcTestClient member = IrcTestClient.connect(irc);
                 IrcTestClient guest = IrcTestClient.register(irc, "guest")) {
                member.send("CAP REQ :sasl");
                member.await("CAP");
                assertThat(SaslClient.plain(member, "19803021", "wrong password")).isEqualTo("904");
                assertThat(SaslClient.plain(member, "19803021", "hello-everyone")).isEqualTo("903");
                member.send("CAP END");
                IrcTestClient.register(member, "19803021");
                guest.sync();
                member.ask("PRIVMSG #lobby :hello, metrics");
                guest.await("PRIVMSG");
                // A burst past message_burst (50) is held back by flood control.
                for (int i = 0; i < 55; i++) {
                    guest.send("PING flood" + i);
                }
                guest.await(m -> m.command().equals("PONG") && "flood54".equals(m.last()));

                Map<String, Double> during = scrape(server);
                assertThat(during.get("parley_connections")).isEqualTo(2.0);
                assertThat(during.get("parley_users")).isEqualTo(2.0);
                assertThat(moved(before, during, "parley_registrations_total")).isEqualTo(2.0);
                assertThat(moved(before, during, "parley_logins_total{outcome=\"success\"}")).isEqualTo(1.0);
                assertThat(moved(before, during, "parley_logins_total{outcome=\"bad_credentials\"}")).isEqualTo(1.0);
                assertThat(moved(before, during, "parley_messages_total")).isEqualTo(1.0);
                // At least: the welcome bursts, the JOINs, the message, the PONGs.
                assertThat(moved(before, during, "parley_lines_delivered_total")).isGreaterThan(55.0);
                assertThat(moved(before, during, "parley_flood_throttles_total")).isGreaterThanOrEqualTo(1.0);
            }
            // The message and the joins are written to history; its commits are timed.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<String, Double> after = scrape(server);
                assertThat(moved(before, after, "parley_history_write_seconds_count")).isGreaterThanOrEqualTo(1.0);
                assertThat(after.get("parley_history_write_seconds_sum")).isGreaterThan(0.0);
                assertThat(after.get("parley_connections")).isEqualTo(0.0);
            });
        }
    }

    @Test
    void healthSaysWhetherLoginsCanBeChecked() throws Exception {
        try (ParleyServer server = start()) {
            InetSocketAddress metrics = server.metricsAddress().orElseThrow();
            Response healthy = HttpTestClient.get(metrics, null, "/healthz");
            assertThat(healthy.status()).isEqualTo(200);
            assertThat(healthy.text()).isEqualTo("ok\n");

            server.accounts().database().close(); // as if the disk had gone
            Response sick = HttpTestClient.get(metrics, null, "/healthz");
            assertThat(sick.status()).isEqualTo(503);
            assertThat(sick.text()).isEqualTo("not accepting logins\n");

            assertThat(HttpTestClient.get(metrics, null, "/other").status()).isEqualTo(404);
            assertThat(HttpTestClient.request(metrics, null, "DELETE", "/metrics").status()).isEqualTo(405);
        }
    }
}
