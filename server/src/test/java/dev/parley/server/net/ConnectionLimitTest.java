package dev.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.command.ServerContext;
import dev.parley.server.command.CommandTable;
import dev.parley.server.command.Departures;
import dev.parley.server.command.Dispatcher;
import dev.parley.server.testing.TestServers;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.Certificate;
import org.junit.jupiter.api.Test;

/**
 * The per-address connection cap. Loopback is exempt in a real server, so the connections here are
 * in-memory channels that claim a documentation address (192.0.2.1): no packet is sent anywhere.
 */
class ConnectionLimitTest {
    private static final InetSocketAddress REMOTE = new InetSocketAddress("192.0.2.1", 40000);

    private final ServerContext ctx;

    ConnectionLimitTest() {
        ctx = new ServerContext(TestServers.withConnectionsPerAddress(TestServers.plaintext(Path.of("unused")), 2));
    }

    private EmbeddedChannel connect() {
        Departures departures = new Departures(ctx);
        // No outbox: these sessions are never written to; the refusal is written straight to the channel.
        IrcSessionHandler handler = new IrcSessionHandler(new ListenerServices(ctx, new Dispatcher(ctx, new CommandTable()),
                departures, false, (Certificate c) -> ""), null, null);
        return new EmbeddedChannel(handler) {
            @Override
            protected SocketAddress remoteAddress0() {
                return REMOTE;
            }
        };
    }

    @Test
    void theThirdConnectionFromOneAddressIsRefusedAndClosingFreesAPlace() {
        EmbeddedChannel first = connect();
        EmbeddedChannel second = connect();
        assertThat(first.isOpen()).isTrue();
        assertThat(second.isOpen()).isTrue();

        EmbeddedChannel third = connect();
        ByteBuf refusal = third.readOutbound();
        assertThat(refusal.toString(StandardCharsets.UTF_8)).isEqualTo("ERROR :Too many connections from your address\r\n");
        refusal.release();
        assertThat(third.isOpen()).isFalse();

        // A refused connection must not keep counting once it is gone.
        first.close();
        EmbeddedChannel fourth = connect();
        assertThat(fourth.isOpen()).isTrue();
        assertThat((Object) fourth.readOutbound()).isNull();

        EmbeddedChannel fifth = connect();
        assertThat(fifth.isOpen()).isFalse();
        second.close();
        fourth.close();
    }
}
