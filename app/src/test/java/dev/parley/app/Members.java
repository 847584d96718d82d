package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.app.bench.ServerProcess;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.SaslClient;

/** Members of a server process, logged in over TLS, as the tests of whole-server behaviour need them. */
final class Members {
    private Members() {
    }

    /**
     * Connects, logs in with SASL PLAIN (with echo-message and history), and joins {@code room};
     * returns once the join is complete and nothing else is waiting to be read.
     */
    static IrcTestClient joined(ServerProcess server, String name, String password, String room) throws Exception {
        return joined(server, name, password, room, "sasl echo-message batch server-time message-tags draft/chathistory");
    }

    /** As {@link #joined(ServerProcess, String, String, String)}, asking for {@code caps} (sasl among them). */
    static IrcTestClient joined(ServerProcess server, String name, String password, String room, String caps)
            throws Exception {
        IrcTestClient c = IrcTestClient.connectTls(server.address(), server.fingerprint());
        c.send("CAP REQ :" + caps);
        assertThat(c.await("CAP").param(1)).isEqualTo("ACK");
        assertThat(SaslClient.plain(c, name, password)).isEqualTo("903");
        c.send("NICK " + name);
        c.send("USER " + name + " 0 * :" + name);
        c.send("CAP END");
        c.await(m -> m.command().equals("376") || m.command().equals("422"));
        c.send("JOIN " + room);
        c.await("366");
        c.sync();
        return c;
    }
}
