package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.TestServers;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** draft/extended-isupport over TLS: ISUPPORT before registration, batches, and changes on reload. */
class ExtendedIsupportTest {
    @TempDir
    Path dataDir;
    ParleyServer server;
    InetSocketAddress address;
    String fingerprint;

    @BeforeEach
    void start() throws Exception {
        server = ParleyServer.start(TestServers.plaintext(dataDir)
                .withListen(List.of(new ParleyConfig.ListenSection("127.0.0.1", 0, true))));
        address = server.boundAddresses().get(0);
        fingerprint = server.certificateFingerprint().orElseThrow();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private IrcTestClient connect() throws Exception {
        return IrcTestClient.connectTls(address, fingerprint);
    }

    private static List<String> tokens(List<IrcMessage> replies) {
        return replies.stream().filter(m -> m.command().equals("005"))
                .flatMap(m -> m.params().subList(1, m.params().size() - 1).stream()).toList();
    }

    @Test
    void isupportBeforeRegistrationComesInOneBatchAndSoDoesTheBurst() throws Exception {
        try (IrcTestClient c = connect()) {
            assertThat(c.capLs()).contains("draft/extended-isupport");
            c.send("CAP REQ :batch draft/extended-isupport");
            assertThat(c.await("CAP").params()).contains("ACK");
            List<IrcMessage> early = c.ask("ISUPPORT");
            assertOneIsupportBatch(early);
            assertThat(tokens(early)).contains("NETWORK=" + server.context().config().server().network(),
                    "NICKLEN=30");
            c.send("NICK batched");
            c.send("USER b 0 * :B");
            c.send("CAP END");
            List<IrcMessage> burst = c.awaitAll(m -> m.command().equals("376") || m.command().equals("422"));
            assertOneIsupportBatch(burst.stream().filter(m -> m.command().equals("005")
                    || m.command().equals("BATCH")).toList());
            // VERSION's 005 lines too: never unbatched while both capabilities are on
            assertOneIsupportBatch(c.ask("VERSION").stream().filter(m -> !m.command().equals("351")).toList());
        }
    }

    @Test
    void aLabeledVersionNestsTheIsupportBatchInTheLabeledOne() throws Exception {
        try (IrcTestClient c = connect()) {
            c.send("CAP REQ :batch labeled-response draft/extended-isupport");
            c.await("CAP");
            c.send("CAP END");
            IrcTestClient.register(c, "labeler");
            List<IrcMessage> replies = c.ask("@label=v1 VERSION");
            IrcMessage outer = replies.get(0);
            assertThat(outer.command()).isEqualTo("BATCH");
            assertThat(outer.tags()).containsEntry("label", "v1");
            assertThat(outer.param(1)).isEqualTo("labeled-response");
            String outerRef = outer.param(0).substring(1);
            List<IrcMessage> inner = replies.subList(2, replies.size() - 1);
            assertThat(replies.get(1).command()).isEqualTo("351");
            assertThat(inner.get(0).tags()).containsEntry("batch", outerRef);
            assertOneIsupportBatch(inner);
            assertThat(replies.get(replies.size() - 1).params()).containsExactly("-" + outerRef);
        }
    }

    @Test
    void withoutBatchTheLinesComePlainAndWithoutTheCapabilityOnlyAfterRegistration() throws Exception {
        try (IrcTestClient plain = connect(); IrcTestClient noBatch = connect()) {
            assertThat(plain.ask("ISUPPORT")).extracting(IrcMessage::command).containsExactly("451");
            IrcTestClient.register(plain, "plainer");
            List<IrcMessage> late = plain.ask("ISUPPORT");
            assertThat(late).extracting(IrcMessage::command).containsOnly("005");
            assertThat(tokens(late)).contains("CASEMAPPING=rfc1459");

            noBatch.send("CAP REQ draft/extended-isupport");
            noBatch.await("CAP");
            assertThat(noBatch.ask("ISUPPORT")).extracting(IrcMessage::command).containsOnly("005");
        }
    }

    @Test
    void aReloadThatChangesTokensTellsTheClientsThatAskedForIt() throws Exception {
        try (IrcTestClient told = connect(); IrcTestClient notTold = connect()) {
            told.send("CAP REQ :batch draft/extended-isupport");
            told.await("CAP");
            told.send("CAP END");
            IrcTestClient.register(told, "told");
            IrcTestClient.register(notTold, "nottold");

            ParleyConfig now = server.context().config();
            int rooms = now.limits().maxRoomsPerUser() + 5;
            server.reload(TestServers.withRoomsPerUser(TestServers.withNetwork(now, "RenamedNet"), rooms));

            List<IrcMessage> change = told.awaitAll(m -> m.command().equals("BATCH") && m.param(0).startsWith("-"));
            change = change.subList(change.size() - 3, change.size());
            assertOneIsupportBatch(change);
            assertThat(tokens(change)).containsExactlyInAnyOrder("NETWORK=RenamedNet",
                    "CHANLIMIT=#:" + rooms);
            assertThat(notTold.sync()).extracting(IrcMessage::command).doesNotContain("005");
        }
    }

    private static void assertOneIsupportBatch(List<IrcMessage> replies) {
        IrcMessage start = replies.get(0);
        IrcMessage end = replies.get(replies.size() - 1);
        assertThat(start.command()).isEqualTo("BATCH");
        assertThat(start.params()).hasSize(2);
        assertThat(start.param(1)).isEqualTo("draft/isupport");
        String ref = start.param(0).substring(1);
        assertThat(end.params()).containsExactly("-" + ref);
        List<IrcMessage> inside = replies.subList(1, replies.size() - 1);
        assertThat(inside).isNotEmpty().allSatisfy(m -> {
            assertThat(m.command()).isEqualTo("005");
            assertThat(m.tags()).containsEntry("batch", ref);
        });
    }
}
