package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.command.ServerContext;
import dev.parley.server.testing.TestServers;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Web connections count against the per-address cap from accept, as IRC ones do. Loopback is
 * exempt in a real server, so these are in-memory channels claiming a documentation address.
 */
class WebConnectionLimitTest {
    private static final InetSocketAddress REMOTE = new InetSocketAddress("192.0.2.1", 40000);

    private final ServerContext ctx;
    private final WebListener listener;

    WebConnectionLimitTest() {
        ctx = new ServerContext(TestServers.withConnectionsPerAddress(TestServers.plaintext(Path.of("unused")), 2));
        listener = new WebListener(ctx, null, StaticFiles.fromClassPath("no/such/"), false, () -> false);
    }

    private EmbeddedChannel connect() {
        return new EmbeddedChannel(new WebRouter(listener)) {
            @Override
            protected SocketAddress remoteAddress0() {
                return REMOTE;
            }
        };
    }

    /** How many connections the address has open, as the cap sees it. */
    private int counted() {
        InetAddress address = REMOTE.getAddress();
        int withOneMore = ctx.state().connectionOpened(address);
        ctx.state().connectionClosed(address);
        return withOneMore - 1;
    }

    @Test
    void theThirdConnectionIsRefusedAndLeavingFreesItsPlace() {
        EmbeddedChannel first = connect();
        EmbeddedChannel second = connect();
        assertThat(first.isOpen()).isTrue();
        assertThat(second.isOpen()).isTrue();
        assertThat(counted()).isEqualTo(2);

        EmbeddedChannel third = connect();
        assertThat(third.isOpen()).isFalse();
        assertThat(counted()).isEqualTo(2);

        first.close();
        assertThat(counted()).isEqualTo(1);
        // At the upgrade the router leaves the pipeline, and the session stage counts instead.
        second.pipeline().removeFirst();
        assertThat(counted()).isZero();
        second.close();
        assertThat(counted()).isZero();
    }
}
