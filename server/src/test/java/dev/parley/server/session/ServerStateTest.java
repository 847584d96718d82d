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
