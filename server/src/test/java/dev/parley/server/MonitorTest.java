package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.TestServers;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MONITOR: hearing when a nick comes, changes and goes. */
class MonitorTest {
    @TempDir
    Path dataDir;

    @Test
    void watchersHearArrivalsNickChangesAndDepartures() throws Exception {
        try (ParleyServer server = ParleyServer.start(TestServers.plaintext(dataDir))) {
            InetSocketAddress address = server.boundAddresses().get(0);
            try (IrcTestClient watcher = IrcTestClient.register(address, "watcher")) {
                List<IrcMessage> first = watcher.ask("MONITOR + friend,*!masks@are.ignored");
                assertThat(first).extracting(IrcMessage::command).containsExactly("731");
                assertThat(first.get(0).last()).isEqualTo("friend");

                IrcTestClient friend = IrcTestClient.register(address, "friend");
                IrcMessage online = watcher.await("730");
                assertThat(online.last()).startsWith("friend!");

                friend.ask("NICK Friend");
                assertThat(watcher.sync()).isEmpty(); // a change of case only: still the same nick
                friend.ask("NICK stranger");
                assertThat(watcher.await("731").last()).isEqualTo("Friend");

                assertThat(watcher.ask("MONITOR L")).extracting(IrcMessage::command).containsExactly("732", "733");
                assertThat(watcher.ask("MONITOR S")).extracting(IrcMessage::command).containsExactly("731");
                watcher.ask("MONITOR + stranger");
                friend.send("QUIT");
                friend.awaitClose();
                friend.close();
                assertThat(watcher.await("731").last()).isEqualTo("stranger");
                watcher.ask("MONITOR C");
                assertThat(watcher.ask("MONITOR L")).extracting(IrcMessage::command).containsExactly("733");
            }
        }
    }

    /** extended-monitor: AWAY and SETNAME of a watched nick reach a watcher who asked, once. */
    @Test
    void extendedMonitorTellsWatchersWhatRoomPeersHear() throws Exception {
        try (ParleyServer server = ParleyServer.start(TestServers.plaintext(dataDir))) {
            InetSocketAddress address = server.boundAddresses().get(0);
            try (IrcTestClient watcher = withCaps(address, "watcher", "extended-monitor away-notify setname");
                 IrcTestClient plain = withCaps(address, "plain", "away-notify setname");
                 IrcTestClient friend = IrcTestClient.register(address, "friend")) {
                watcher.ask("MONITOR + friend");
                plain.ask("MONITOR + friend");
                friend.ask("AWAY :lunch");
                assertThat(watcher.await("AWAY").params()).containsExactly("lunch");
                friend.ask("SETNAME :Real Friend");
                assertThat(watcher.await("SETNAME").params()).containsExactly("Real Friend");
                assertThat(plain.sync()).isEmpty(); // MONITOR alone tells only of coming and going

                // Sharing a room, the watcher hears it once, from the room.
                watcher.ask("JOIN #both");
                friend.ask("JOIN #both");
                watcher.sync();
                friend.ask("AWAY");
                assertThat(watcher.sync()).extracting(IrcMessage::command).containsExactly("AWAY");
            }
        }
    }

    private static IrcTestClient withCaps(InetSocketAddress address, String nick, String caps) throws Exception {
        IrcTestClient c = IrcTestClient.connect(address);
        c.send("CAP REQ :" + caps);
        c.await("CAP");
        c.send("CAP END");
        return IrcTestClient.register(c, nick);
    }
}
