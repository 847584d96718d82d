package dev.parley.server;

import static dev.parley.server.HistoryClients.member;
import static dev.parley.server.HistoryClients.start;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.TestServers;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** draft/read-marker with draft/channel-rename: a member's marker follows the room to its new name. */
class RenamedRoomMarkersTest {
    private static final String CAPS = "sasl batch server-time message-tags draft/read-marker draft/channel-rename";
    private static final String EARLY = "timestamp=2026-11-01T08:00:00.000Z";
    private static final String ALICE = "timestamp=2026-11-30T08:00:00.000Z";
    private static final String BOB = "timestamp=2026-11-30T09:00:00.000Z";

    @TempDir
    Path dataDir;

    private ParleyConfig config() {
        return HistoryClients.config(dataDir, ParleyConfig.HistorySection.defaults());
    }

    private static String marker(IrcTestClient c, String room) throws Exception {
        return c.ask("MARKREAD " + room).get(0).param(1);
    }

    @Test
    void markersFollowARenamedRoomAndSurviveARestart() throws Exception {
        try (ParleyServer server = start(config(), "alice", "bob");
             IrcTestClient alice = member(server, "alice", CAPS);
             IrcTestClient bob = member(server, "bob", CAPS)) {
            // What alice read of a room called #new long ago is not about the room renamed to it.
            alice.ask("MARKREAD #new " + EARLY);
            alice.ask("JOIN #old");
            bob.ask("JOIN #old");
            alice.ask("MARKREAD #old " + ALICE);
            bob.ask("MARKREAD #Old " + BOB);
            alice.ask("RENAME #old #new");
            bob.sync();
            assertThat(marker(alice, "#new")).isEqualTo(ALICE);
            assertThat(marker(bob, "#NEW")).isEqualTo(BOB);
            assertThat(marker(alice, "#old")).isEqualTo("*");
        }
        try (ParleyServer server = start(config());
             IrcTestClient alice = member(server, "alice", CAPS);
             IrcTestClient bob = member(server, "bob", CAPS)) {
            assertThat(marker(alice, "#new")).isEqualTo(ALICE);
            assertThat(marker(alice, "#old")).isEqualTo("*");
            assertThat(marker(bob, "#new")).isEqualTo(BOB);
        }
    }

    @Test
    void theMarkerOfAConnectedMemberWhoLeftTheRoomFollowsItToo() throws Exception {
        try (ParleyServer server = start(config(), "alice", "carol");
             IrcTestClient alice = member(server, "alice", CAPS);
             IrcTestClient carol = member(server, "carol", CAPS)) {
            alice.ask("JOIN #old");
            carol.ask("JOIN #old");
            carol.ask("MARKREAD #old " + BOB);
            carol.ask("PART #old");
            alice.ask("RENAME #old #new");
            // Still connected, no longer a member: what carol read of the room is under its new name.
            assertThat(marker(carol, "#new")).isEqualTo(BOB);
            assertThat(marker(carol, "#old")).isEqualTo("*");
        }
    }

    @Test
    void aGuestsMarkerFollowsTheRoomWhetherOrNotTheGuestIsStillInIt() throws Exception {
        ParleyConfig guestsWelcome = config().withAuth(TestServers.auth(true, Optional.empty()));
        try (ParleyServer server = start(guestsWelcome, "alice");
             IrcTestClient alice = member(server, "alice", CAPS);
             IrcTestClient dave = guest(server, "dave");
             IrcTestClient erin = guest(server, "erin")) {
            alice.ask("JOIN #old");
            dave.ask("JOIN #old");
            erin.ask("JOIN #old");
            dave.ask("MARKREAD #old " + ALICE);
            erin.ask("MARKREAD #old " + BOB);
            erin.ask("PART #old");
            alice.ask("RENAME #old #new");
            dave.sync();
            // Guests' markers live only in their connection's memory, and follow the room there.
            assertThat(marker(dave, "#new")).isEqualTo(ALICE);
            assertThat(marker(erin, "#new")).isEqualTo(BOB);
            assertThat(marker(erin, "#old")).isEqualTo("*");
        }
    }

    /** A guest over TLS (no account) with the read-marker and rename capabilities, past the welcome. */
    private static IrcTestClient guest(ParleyServer server, String nick) throws Exception {
        IrcTestClient c = IrcTestClient.connectTls(server.boundAddresses().get(0),
                server.certificateFingerprint().orElseThrow());
        c.send("CAP REQ :" + CAPS.replace("sasl ", ""));
        assertThat(c.await("CAP").param(1)).isEqualTo("ACK");
        c.send("NICK " + nick);
        c.send("USER " + nick + " 0 * :" + nick);
        c.send("CAP END");
        c.await(m -> m.command().equals("376") || m.command().equals("422"));
        c.sync();
        return c;
    }
}
