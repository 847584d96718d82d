package dev.parley.bench;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * The generator's few threads: an event-loop group (epoll where it loads) holding the listening
 * clients, one loop of its own for the senders, one {@link LoopTally} per loop, and the client TLS
 * context. The senders have their own loop so that their clock ticks on time while the listeners'
 * loop works through a burst of reads: a send late because of the generator would show as the
 * server's latency. The controlling thread talks to the loops only through {@link #onEach}, so
 * nothing the receivers count is shared.
 */
final class Loops implements AutoCloseable {
    private final EventLoopGroup group;
    private final EventLoopGroup senderGroup;
    private final Map<EventLoop, LoopTally> tallies = new LinkedHashMap<>();
    private final SslContext tls;

    Loops(int threads, boolean useTls) throws SSLException {
        group = new MultiThreadIoEventLoopGroup(threads,
                Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        senderGroup = new MultiThreadIoEventLoopGroup(1,
                Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        for (EventExecutor e : group) {
            tallies.put((EventLoop) e, new LoopTally());
        }
        for (EventExecutor e : senderGroup) {
            tallies.put((EventLoop) e, new LoopTally());
        }
        // Trusts any certificate: this talks only to the server under test, never to anyone else.
        tls = useTls ? SslContextBuilder.forClient()
                .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                .trustManager(InsecureTrustManagerFactory.INSTANCE).build() : null;
    }

    /** Where listening clients go. */
    EventLoopGroup group() {
        return group;
    }

    /** Where senders go: one loop of their own. */
    EventLoopGroup senderGroup() {
        return senderGroup;
    }

    Class<? extends SocketChannel> channelType() {
        return Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** The client TLS context, or null for plaintext. */
    SslContext tls() {
        return tls;
    }

    /** The tally of one loop; only that loop's thread may use it. */
    LoopTally tally(EventLoop loop) {
        return tallies.get(loop);
    }

    /** Runs {@code task} on every loop with its tally and returns the results, one a loop. */
    <T> List<T> onEach(Function<LoopTally, T> task) throws InterruptedException {
        List<io.netty.util.concurrent.Future<T>> futures = new ArrayList<>();
        tallies.forEach((loop, tally) -> futures.add(loop.submit(() -> task.apply(tally))));
        List<T> results = new ArrayList<>();
        for (io.netty.util.concurrent.Future<T> f : futures) {
            try {
                results.add(f.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("a task on the generator's event loop failed", e.getCause());
            }
        }
        return results;
    }

    String description() {
        int listeners = tallies.size() - 1;
        return listeners + (listeners == 1 ? " thread" : " threads") + " (and one for the senders), "
                + (Epoll.isAvailable() ? "epoll" : "NIO")
                + (tls == null ? "" : ", TLS by " + (OpenSsl.isAvailable() ? "BoringSSL" : "the JDK"));
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        senderGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
