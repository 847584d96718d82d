package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.SaslClient;
import java.net.InetSocketAddress;

/** A member on a raw IRC connection over TLS, logged in with SASL PLAIN and in the auto-join room. */
public final class TerminalMembers {
    private TerminalMembers() {
    }

    /** @param moreCaps capabilities to ask for besides sasl and extended-join, space-separated, or "" */
    public static IrcTestClient logIn(InetSocketAddress address, String fingerprint, String id, String password,
                                      String moreCaps) throws Exception {
        IrcTestClient c = IrcTestClient.connectTls(address, fingerprint);
        c.send("CAP REQ :sasl extended-join" + (moreCaps.isEmpty() ? "" : " " + moreCaps));
        c.await("CAP");
        assertThat(SaslClient.plain(c, id, password)).isEqualTo("903");
        c.send("NICK " + id);
        c.send("USER " + id + " 0 * :x");
        c.send("CAP END");
        c.await("366");
        return c;
    }
}
