package dev.parley.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * The simulated users: which room each is in, whether it is set up, and what went wrong. Connects
 * them in bounded parallel (so that setting up is not itself a storm, unless the storm is what is
 * measured), reconnects the ones a server dropped, and closes them all at the end.
 */
final class Crowd implements AutoCloseable {
    private enum State { IDLE, CONNECTING, READY, FAILED, DROPPED }

    private final Loops loops;
    private final InetSocketAddress address;
    private final BenchClient.Goal goal;
    private final String[] roomOf;
    private final BenchClient[] clients;
    private final State[] states;
    private final Map<String, Integer> failures = new TreeMap<>();
    private final Map<String, Integer> drops = new TreeMap<>();
    private final List<Integer> dropped = new ArrayList<>();
    private final Bootstrap bootstrap;
    private final IntPredicate isSender;
    private Semaphore slots = new Semaphore(0);
    private int settling;
    private long timeoutNanos;

    /**
     * {@code roomOf[i]} is client i's room, or null for a client that only registers; the clients
     * {@code isSender} picks go on the senders' loop.
     */
    Crowd(Loops loops, InetSocketAddress address, BenchClient.Goal goal, String[] roomOf, IntPredicate isSender) {
        this.isSender = isSender;
        this.loops = loops;
        this.address = address;
        this.goal = goal;
        this.roomOf = roomOf.clone();
        this.clients = new BenchClient[roomOf.length];
        this.states = new State[roomOf.length];
        Arrays.fill(states, State.IDLE);
        this.bootstrap = new Bootstrap().group(loops.group()).channel(loops.channelType())
                // Without it, Nagle's algorithm against delayed ACKs adds up to 40 ms to a line.
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 60_000);
    }

    /**
     * Connects these clients, {@code inFlight} at a time, and returns once each is ready or has
     * failed (not within {@code timeoutSeconds} of its own connect counts as failed).
     */
    void connect(List<Integer> indices, int inFlight, double timeoutSeconds) throws InterruptedException {
        synchronized (this) {
            slots = new Semaphore(inFlight);
            timeoutNanos = (long) (timeoutSeconds * 1e9);
        }
        for (int index : indices) {
            slots.acquire();
            start(index);
        }
        synchronized (this) {
            while (settling > 0) {
                wait();
            }
        }
    }

    /**
     * Like {@link #connect}, then tries the clients that failed again, up to {@code retries} times:
     * a server with a short listen backlog resets some of 200 connections arriving together, and
     * setting up is not what is measured. Returns how many were retried.
     */
    int connectRetrying(List<Integer> indices, int inFlight, double timeoutSeconds, int retries)
            throws InterruptedException {
        connect(indices, inFlight, timeoutSeconds);
        int retried = 0;
        for (int round = 0; round < retries; round++) {
            List<Integer> failed = failed();
            if (failed.isEmpty()) {
                break;
            }
            retried += failed.size();
            connect(failed, inFlight, timeoutSeconds);
        }
        return retried;
    }

    private synchronized List<Integer> failed() {
        List<Integer> failed = new ArrayList<>();
        for (int i = 0; i < states.length; i++) {
            if (states[i] == State.FAILED) {
                failed.add(i);
            }
        }
        return failed;
    }

    private void start(int index) {
        BenchClient client;
        synchronized (this) {
            BenchClient previous = clients[index];
            client = new BenchClient(index, roomOf[index], goal, events, loops::tally,
                    previous == null ? 0 : previous.generation() + 1);
            clients[index] = client;
            states[index] = State.CONNECTING;
            settling++;
        }
        Bootstrap b = isSender.test(index) ? bootstrap.clone(loops.senderGroup()) : bootstrap.clone();
        ChannelFuture connect = b.handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (loops.tls() != null) {
                    ch.pipeline().addLast(loops.tls().newHandler(ch.alloc(), address.getHostString(), address.getPort()));
                }
                ch.pipeline().addLast(client);
            }
        }).connect(address);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                events.failed(client, "connect: " + f.cause().getMessage());
            }
        });
        connect.channel().eventLoop().schedule(() -> {
            if (fail(client, "not set up within " + timeoutNanos / 1_000_000_000 + " s")) {
                connect.channel().close();
            }
        }, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private final BenchClient.Events events = new BenchClient.Events() {
        @Override
        public void ready(BenchClient client) {
            synchronized (Crowd.this) {
                if (clients[client.index] == client && states[client.index] == State.CONNECTING) {
                    states[client.index] = State.READY;
                    settled();
                }
            }
        }

        @Override
        public void failed(BenchClient client, String why) {
            fail(client, why);
        }

        @Override
        public void dropped(BenchClient client, String why) {
            synchronized (Crowd.this) {
                if (clients[client.index] == client && states[client.index] == State.READY) {
                    states[client.index] = State.DROPPED;
                    dropped.add(client.index);
                    drops.merge(why, 1, Integer::sum);
                }
            }
        }
    };

    /** Marks a client that is still connecting as failed; false when it had already settled. */
    private synchronized boolean fail(BenchClient client, String why) {
        if (clients[client.index] != client || states[client.index] != State.CONNECTING) {
            return false;
        }
        states[client.index] = State.FAILED;
        failures.merge(why, 1, Integer::sum);
        settled();
        return true;
    }

    private void settled() {
        settling--;
        slots.release();
        notifyAll();
    }

    synchronized int readyCount() {
        int n = 0;
        for (State s : states) {
            n += s == State.READY ? 1 : 0;
        }
        return n;
    }

    /** Ready clients in this room. */
    synchronized int members(String room) {
        int n = 0;
        for (int i = 0; i < states.length; i++) {
            n += states[i] == State.READY && room.equals(roomOf[i]) ? 1 : 0;
        }
        return n;
    }

    /** The failures so far (reason, count), and forgets them. */
    synchronized Map<String, Integer> takeFailures() {
        Map<String, Integer> copy = new TreeMap<>(failures);
        failures.clear();
        return copy;
    }

    /** Clients the server dropped since the last call, with the reasons, and forgets them. */
    synchronized Drops takeDrops() {
        Drops d = new Drops(List.copyOf(dropped), new TreeMap<>(drops));
        dropped.clear();
        drops.clear();
        return d;
    }

    record Drops(List<Integer> clients, Map<String, Integer> reasons) {
        boolean any() {
            return !clients.isEmpty();
        }
    }

    /** The connected client at this index (its channel is used by a sender). */
    synchronized BenchClient client(int index) {
        return clients[index];
    }

    /** The latest 001 among the ready clients, for the storm. */
    synchronized long lastRegisteredNanos() {
        long last = Long.MIN_VALUE;
        for (int i = 0; i < clients.length; i++) {
            if (states[i] == State.READY) {
                last = Math.max(last, clients[i].registeredNanos());
            }
        }
        return last;
    }

    @Override
    public void close() {
        List<ChannelFuture> closing = new ArrayList<>();
        synchronized (this) {
            for (BenchClient c : clients) {
                Channel ch = c == null ? null : c.channel();
                if (ch != null) {
                    closing.add(ch.close());
                }
            }
            Arrays.fill(states, State.IDLE);
        }
        for (ChannelFuture f : closing) {
            f.awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
