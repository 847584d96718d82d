package dev.parley.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.CaseMapping;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The user counts LUSERS shows are kept as users come, change modes and go. */
class ServerStateTest {
    private final ServerState state = new ServerState(CaseMapping.RFC1459);

    private Session connect(String nick) {
        Session session = new Session(new EmbeddedChannel(), null, InetAddress.getLoopbackAddress(), "127.0.0.1", true);
        state.addSession(session);
        state.claimNick(session, nick);
        return session;
    }

    /** The per-address cap counts an IPv6 /64 as one address, as the login throttle does. */
    @Test
    void connectionsAreCountedPerAddressAndPerIpv6Network() throws Exception {
        java.net.InetAddress a1 = java.net.InetAddress.getByName("2001:db8:1:2::1");
        java.net.InetAddress a2 = java.net.InetAddress.getByName("2001:db8:1:2:ffff:ffff:ffff:fffe");
        java.net.InetAddress other = java.net.InetAddress.getByName("2001:db8:1:3::1");
        java.net.InetAddress v4 = java.net.InetAddress.getByName("192.0.2.1");
        java.net.InetAddress v4b = java.net.InetAddress.getByName("192.0.2.2");
        assertThat(state.connectionOpened(a1)).isEqualTo(1);
        assertThat(state.connectionOpened(a2)).isEqualTo(2);
        assertThat(state.connectionOpened(other)).isEqualTo(1);
        assertThat(state.connectionOpened(v4)).isEqualTo(1);
        assertThat(state.connectionOpened(v4b)).isEqualTo(1);
        // Each address keeps its own host text.
        assertThat(state.host(a2)).isNotEqualTo(state.host(a1));
        state.connectionClosed(a1);
        assertThat(state.connectionOpened(a2)).isEqualTo(2);
        state.connectionClosed(a2);
        state.connectionClosed(a2);
        assertThat(state.connectionOpened(a1)).isEqualTo(1);
    }

    @Test
    void countsFollowRegistrationModesAndDepartures() {
        Session alice = connect("alice");
        Session bob = connect("bob");
        state.invisible(bob, true); // before registering: counted once registered
        assertThat(state.registeredCount()).isZero();
        assertThat(state.invisibleCount()).isZero();

        state.register(alice);
        state.register(bob);
        assertThat(state.registeredCount()).isEqualTo(2);
        assertThat(state.registeredUsers()).containsExactly(alice, bob);
        assertThat(state.invisibleCount()).isEqualTo(1);

        state.operator(alice, true);
        state.operator(alice, true); // no change, no double count
        state.invisible(alice, true);
        assertThat(state.operatorCount()).isEqualTo(1);
        assertThat(state.invisibleCount()).isEqualTo(2);

        state.invisible(bob, false);
        state.removeSession(alice);
        assertThat(state.registeredCount()).isEqualTo(1);
        assertThat(state.invisibleCount()).isZero();
        assertThat(state.operatorCount()).isZero();
        assertThat(state.maxUsers()).isEqualTo(2);
    }
}
