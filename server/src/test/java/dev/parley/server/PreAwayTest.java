package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.TestServers;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** draft/pre-away over TLS: AWAY before registration, and what the others see once it is done. */
class PreAwayTest {
    @TempDir
    static Path dataDir;
    static ParleyServer server;
    static InetSocketAddress address;
    static String fingerprint;

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start(TestServers.plaintext(dataDir)
                .withListen(List.of(new ParleyConfig.ListenSection("127.0.0.1", 0, true)))
                .withRooms(new ParleyConfig.RoomsSection(List.of("#lobby"))));
        address = server.boundAddresses().get(0);
        fingerprint = server.certificateFingerprint().orElseThrow();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static IrcTestClient connect() throws Exception {
        return IrcTestClient.connectTls(address, fingerprint);
    }

    @Test
    void awayBeforeRegistrationShowsOnceRegisteredToPeersWhoAndWhois() throws Exception {
        try (IrcTestClient watcher = connect(); IrcTestClient bot = connect()) {
            watcher.send("CAP REQ away-notify");
            watcher.await("CAP");
            watcher.send("CAP END");
            IrcTestClient.register(watcher, "watcher");

            assertThat(bot.capLs()).contains("draft/pre-away");
            bot.send("CAP REQ draft/pre-away");
            assertThat(bot.await("CAP").params()).contains("ACK");
            List<IrcMessage> early = bot.ask("AWAY *");
            assertThat(early).extracting(IrcMessage::command).containsExactly("306");
            bot.send("CAP END");
            IrcTestClient.register(bot, "fetcher");

            // fetcher joined #lobby (auto-join) already away: away-notify peers hear it with the JOIN
            List<IrcMessage> seen = watcher.awaitAll(m -> m.command().equals("AWAY"));
            assertThat(seen).extracting(IrcMessage::command).contains("JOIN");
            assertThat(seen.get(seen.size() - 1).source()).startsWith("fetcher!");
            assertThat(seen.get(seen.size() - 1).last()).isEqualTo("*");

            IrcMessage who = watcher.ask("WHO fetcher").stream().filter(m -> m.command().equals("352"))
                    .findFirst().orElseThrow();
            assertThat(who.param(6)).startsWith("G");
            assertThat(watcher.ask("WHOIS fetcher")).filteredOn(m -> m.command().equals("301"))
                    .extracting(IrcMessage::last).containsExactly("*");

            assertThat(bot.ask("AWAY")).extracting(IrcMessage::command).containsExactly("305");
            IrcMessage back = watcher.await("AWAY");
            assertThat(back.params()).isEmpty();
        }
    }

    @Test
    void withoutTheCapabilityAwayWaitsForRegistration() throws Exception {
        try (IrcTestClient c = connect()) {
            assertThat(c.ask("AWAY :early")).extracting(IrcMessage::command).containsExactly("451");
            IrcTestClient.register(c, "plainearly");
            assertThat(c.ask("WHOIS plainearly")).extracting(IrcMessage::command).doesNotContain("301");
        }
    }

    @Test
    void clearingAwayBeforeRegistrationLeavesTheClientPresent() throws Exception {
        try (IrcTestClient c = connect()) {
            c.send("CAP REQ draft/pre-away");
            c.await("CAP");
            c.ask("AWAY :brb");
            assertThat(c.ask("AWAY")).extracting(IrcMessage::command).containsExactly("305");
            c.send("CAP END");
            IrcTestClient.register(c, "backagain");
            assertThat(c.ask("WHOIS backagain")).extracting(IrcMessage::command).doesNotContain("301");
        }
    }
}
