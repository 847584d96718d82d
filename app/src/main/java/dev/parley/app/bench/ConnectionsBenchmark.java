package dev.parley.app.bench;

import dev.parley.protocol.IrcLimits;
import dev.parley.server.net.Transport;
import dev.parley.server.net.tls.PinningTrustManager;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many connections one server holds, and what they cost: {@code connections} clients connect
 * over TLS, register and join rooms of {@code roomSize}, and stay; the server (a process of its
 * own) is then asked for its memory and CPU time, and one member talks in a full room while
 * everyone else stays connected, to show how long a message takes to reach all of that room.
 */
public final class ConnectionsBenchmark {
    private static final int TIMED_MESSAGES = 50;
    private static final int STOP_LIMIT_SECONDS = 60;

    private final int connections;
    private final int roomSize;
    private final int inFlight;
    private final ServerLaunch launch;
    private final PrintWriter out;

    public ConnectionsBenchmark(int connections, int roomSize, int inFlight, ServerLaunch launch,
                                PrintWriter out) {
        this.connections = connections;
        this.roomSize = roomSize;
        this.inFlight = inFlight;
        this.launch = launch;
        this.out = out;
    }

    public void run(Path dir) throws Exception {
        Path config = dir.resolve("parley.toml");
        // Guests, so that what is measured is holding connections, not hashing passwords
        // (`bench logins` measures that); the talker is let through flood control on purpose.
        Files.writeString(config, """
                [server]
                name = "bench.parley.local"

                [[listen]]
                host = "127.0.0.1"
                port = 0

                [storage]
                data_dir = "data"

                [rooms]
                auto_join = []

                [auth]
                allow_guests = true

                [limits]
                messages_per_second = 1000
                message_burst = 1000
                """);
        out.printf("Starting the server in its own JVM (%s) on %d cores...%n",
                launch.describe(),
                Runtime.getRuntime().availableProcessors());
        out.flush();
        try (ServerProcess server = ServerProcess.start(config, launch)) {
            OptionalLong heapBefore = server.liveHeapKib();
            OptionalLong rssBefore = server.residentKib();
            OptionalLong cpuBefore = server.cpuMillis();

            EventLoopGroup group = Transport.newEventLoopGroup();
            try {
                Crowd crowd = new Crowd(server, group);
                out.printf("Connecting %d clients over TLS (%d at a time), %d to a room...%n",
                        connections, inFlight, roomSize);
                out.flush();
                long started = System.nanoTime();
                crowd.connectAll();
                double seconds = (System.nanoTime() - started) / 1e9;
                out.printf("Connected, registered and joined: %d of %d in %.1f s (%.0f a second)%n",
                        crowd.joined.get(), connections, seconds, crowd.joined.get() / seconds);
                crowd.failures.forEach((why, count) -> out.printf("  failed: %d (%s)%n", count.get(), why));

                OptionalLong cpuAfter = server.cpuMillis();
                OptionalLong rssAfter = server.residentKib();
                OptionalLong heapAfter = server.liveHeapKib();
                int held = Math.max(1, crowd.joined.get());
                if (cpuBefore.isPresent() && cpuAfter.isPresent()) {
                    long cpu = cpuAfter.getAsLong() - cpuBefore.getAsLong();
                    out.printf("Server CPU for that: %.1f s (%.2f ms a connection)%n", cpu / 1000.0,
                            (double) cpu / held);
                }
                printMemory("resident memory", rssBefore, rssAfter, held);
                printMemory("live Java heap ", heapBefore, heapAfter, held);

                List<Long> delays = crowd.talkInFullRoom();
                report(delays, TIMED_MESSAGES * (long) Math.min(roomSize, crowd.joined.get()));
                out.printf("Connections lost during the run: %d%n", crowd.lost.get());
                // A stop tells every client; it must not grow with clients × room size.
                OptionalDouble stopped = server.stop(STOP_LIMIT_SECONDS);
                out.printf("Stopped with %d clients connected: %s%n", crowd.joined.get(), stopped.isPresent()
                        ? String.format(Locale.ROOT, "the server exited %.1f s after SIGTERM", stopped.getAsDouble())
                        : "the server had not exited " + STOP_LIMIT_SECONDS + " s after SIGTERM");
            } finally {
                group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
            }
        }
        out.flush();
    }

    private void printMemory(String label, OptionalLong before, OptionalLong after, int held) {
        if (before.isEmpty() || after.isEmpty()) {
            out.printf("Server %s: not available here%n", label.strip());
            return;
        }
        out.printf("Server %s: %.0f MiB before, %.0f MiB with the connections (%.1f KiB a connection)%n", label,
                before.getAsLong() / 1024.0, after.getAsLong() / 1024.0,
                (after.getAsLong() - before.getAsLong()) / (double) held);
    }

    private void report(List<Long> nanos, long expected) {
        if (nanos.isEmpty()) {
            out.println("Messages in a full room: none arrived");
            return;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        out.printf("Message to a room of %d, %d messages: %d of %d deliveries, median %.2f ms, p99 %.2f ms, "
                        + "worst %.2f ms%n", Math.min(roomSize, connections), TIMED_MESSAGES, sorted.size(), expected,
                percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6, sorted.get(sorted.size() - 1) / 1e6);
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** The simulated users and what happened to them. */
    private final class Crowd {
        private final ServerProcess server;
        private final Bootstrap bootstrap;
        private final SslContext tls;
        private final Semaphore slots = new Semaphore(inFlight);
        private final CountDownLatch settled = new CountDownLatch(connections);
        private final AtomicInteger joined = new AtomicInteger();
        private final AtomicInteger lost = new AtomicInteger();
        private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        private final ConcurrentLinkedQueue<Long> delays = new ConcurrentLinkedQueue<>();
        private volatile CountDownLatch deliveries = new CountDownLatch(0);

        Crowd(ServerProcess server, EventLoopGroup group) throws Exception {
            this.server = server;
            this.tls = SslContextBuilder.forClient().trustManager(new PinningTrustManager(server.fingerprint())).build();
            this.bootstrap = new Bootstrap().group(group)
                    .channel(Transport.channelType())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
        }

        /** Opens every connection, at most {@code inFlight} still registering at a time. */
        void connectAll() throws InterruptedException {
            for (int i = 0; i < connections; i++) {
                slots.acquire();
                connect("u" + i, "#room" + (i / roomSize));
            }
            if (!settled.await(10, TimeUnit.MINUTES)) {
                failures.computeIfAbsent("still registering after 10 minutes", k -> new AtomicInteger())
                        .addAndGet((int) settled.getCount());
            }
        }

        private void connect(String nick, String room) {
            AtomicBoolean done = new AtomicBoolean();
            QuietMember.Events events = new QuietMember.Events() {
                @Override
                public void joined() {
                    if (done.compareAndSet(false, true)) {
                        joined.incrementAndGet();
                        slots.release();
                        settled.countDown();
                    }
                }

                @Override
                public void failed(String why) {
                    if (done.compareAndSet(false, true)) {
                        failures.computeIfAbsent(why, k -> new AtomicInteger()).incrementAndGet();
                        slots.release();
                        settled.countDown();
                    }
                }

                @Override
                public void lost() {
                    lost.incrementAndGet();
                }
            };
            bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc(), server.address().getHostString(),
                                    server.address().getPort()),
                            new LineBasedFrameDecoder(IrcLimits.MAX_FRAME_BYTES),
                            new StringDecoder(StandardCharsets.UTF_8),
                            new StringEncoder(StandardCharsets.UTF_8),
                            new QuietMember(nick, room, events, Crowd.this::delivered));
                }
            }).connect(server.address()).addListener(f -> {
                if (!f.isSuccess()) {
                    events.failed(String.valueOf(f.cause().getMessage()));
                }
            });
        }

        private void delivered(long delayNanos) {
            delays.add(delayNanos);
            deliveries.countDown();
        }

        /**
         * One more client joins the first room and sends timed messages at a steady pace; every
         * member records when each arrives. Returns the delays, sender's clock to member's read.
         */
        List<Long> talkInFullRoom() throws Exception {
            try (BenchClient talker = new BenchClient(server.address(), server.fingerprint())) {
                talker.register("talker");
                talker.send("JOIN #room0");
                talker.await("366");
                deliveries = new CountDownLatch(TIMED_MESSAGES * Math.min(roomSize, joined.get()));
                for (int i = 0; i < TIMED_MESSAGES; i++) {
                    talker.send("PRIVMSG #room0 :t=" + System.nanoTime());
                    Thread.sleep(20); // the pace of the talk, not synchronisation
                }
                deliveries.await(30, TimeUnit.SECONDS);
            }
            return new ArrayList<>(delays);
        }
    }
}
