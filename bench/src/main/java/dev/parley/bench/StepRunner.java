package dev.parley.bench;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One step of a load scenario: every sender sends at its share of rate R for a warm-up and then
 * the measured window; the server's and the generator's CPU are read at the window's start and end;
 * stragglers get a drain period; then the step waits for the server to go quiet, so a step that
 * drowned the server does not spill into the next.
 */
final class StepRunner {
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long MAX_QUIET_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final BenchSettings settings;
    private final Loops loops;
    private final Crowd crowd;
    private final ServerProbe server;
    private final ServerProbe generator = ProcStat.self();
    private final int[] senderClients;
    private int step;

    /** {@code senderClients[i]} is the crowd index of sender i. */
    StepRunner(BenchSettings settings, Loops loops, Crowd crowd, ServerProbe server, int[] senderClients) {
        this.settings = settings;
        this.loops = loops;
        this.crowd = crowd;
        this.server = server;
        this.senderClients = senderClients.clone();
    }

    /** Sends at {@code rate} for {@code seconds}, nothing measured, and waits for the server to go quiet. */
    void warm(int rate, double seconds) throws InterruptedException {
        int thisStep = ++step;
        long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long end = t0 + seconds(seconds);
        List<io.netty.util.concurrent.Future<Pacer.Sent>> sending = new ArrayList<>();
        for (Pacer p : pacers(thisStep, rate, t0, senderClients.length * 1e9 / rate, end, end)) {
            sending.add(p.start());
        }
        for (io.netty.util.concurrent.Future<Pacer.Sent> f : sending) {
            await(f);
        }
        awaitQuiet();
    }

    StepResult run(int rate) throws InterruptedException {
        int thisStep = ++step;
        loops.onEach(t -> {
            t.startStep(thisStep);
            return null;
        });
        long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long measureFrom = t0 + seconds(settings.warmupSeconds());
        long end = measureFrom + seconds(settings.durationSeconds());
        double interval = senderClients.length * 1e9 / rate;
        List<Pacer> pacers = pacers(thisStep, rate, t0, interval, measureFrom, end);
        List<io.netty.util.concurrent.Future<Pacer.Sent>> sending = new ArrayList<>();
        for (Pacer p : pacers) {
            sending.add(p.start());
        }

        sleepUntil(measureFrom);
        Window start = window();
        sleepUntil(end);
        Window stop = window();
        Pacer.Sent sent = new Pacer.Sent(0, 0, 0, 0, 0, false, 0);
        for (io.netty.util.concurrent.Future<Pacer.Sent> f : sending) {
            sent = sent.plus(await(f));
        }

        long drainUntil = System.nanoTime() + seconds(settings.drainSeconds());
        long received = measured();
        while (received < sent.expectedDeliveries() && System.nanoTime() < drainUntil) {
            Thread.sleep(10); // waiting for stragglers, polled
            received = measured();
        }
        Histogram latency = new Histogram();
        for (Histogram h : loops.onEach(t -> t.latency.copy())) {
            latency.add(h);
        }
        boolean quiet = awaitQuiet();
        Crowd.Drops drops = crowd.takeDrops();

        double windowSeconds = (stop.nanos - start.nanos) / 1e9;
        long deliveries = stop.lines - start.lines;
        double achieved = Math.max(0, sent.measuredByEnd() - (double) sent.pendingBytesAtEnd() / settings.lineBytes())
                / windowSeconds;
        return new StepResult(rate, achieved, sent.expectedDeliveries(), received, latency, deliveries / windowSeconds,
                cpuTicks(start.server, stop.server), deliveries, windowSeconds,
                cpuTicks(start.generator, stop.generator), drops, sent.blocked(), sent.maxLagNanos(), quiet,
                settings.p99Millis());
    }

    /** One pacer per event loop that holds senders, each sender's first message staggered by 1/R. */
    private List<Pacer> pacers(int thisStep, int rate, long t0, double interval, long measureFrom, long end) {
        Map<EventLoop, List<Pacer.Schedule>> byLoop = new LinkedHashMap<>();
        for (int i = 0; i < senderClients.length; i++) {
            BenchClient client = crowd.client(senderClients[i]);
            int weight = crowd.members(client.room) - 1;
            long first = t0 + (long) (i * 1e9 / rate);
            byLoop.computeIfAbsent(client.channel().eventLoop(), l -> new ArrayList<>())
                    .add(new Pacer.Schedule(client.channel(), i, client.room, first, weight));
        }
        List<Pacer> pacers = new ArrayList<>();
        byLoop.forEach((loop, schedules) -> pacers.add(
                new Pacer(loop, thisStep, schedules, interval, measureFrom, end, settings.lineBytes())));
        return pacers;
    }

    private record Window(long nanos, long lines, OptionalLong server, OptionalLong generator) {
    }

    private Window window() throws InterruptedException {
        OptionalLong serverTicks = server.cpuTicks();
        OptionalLong ownTicks = generator.cpuTicks();
        return new Window(System.nanoTime(), allLines(), serverTicks, ownTicks);
    }

    private long measured() throws InterruptedException {
        return loops.onEach(t -> t.measured).stream().mapToLong(Long::longValue).sum();
    }

    private long allLines() throws InterruptedException {
        return loops.onEach(t -> t.allLines).stream().mapToLong(Long::longValue).sum();
    }

    /** Waits until no generator line has arrived for a moment: the server has caught up. */
    private boolean awaitQuiet() throws InterruptedException {
        long giveUp = System.nanoTime() + MAX_QUIET_WAIT_NANOS;
        long lines = allLines();
        long stableSince = System.nanoTime();
        while (System.nanoTime() - stableSince < QUIET_NANOS) {
            if (System.nanoTime() > giveUp) {
                return false;
            }
            Thread.sleep(25); // polling the receivers' count
            long now = allLines();
            if (now != lines) {
                lines = now;
                stableSince = System.nanoTime();
            }
        }
        return true;
    }

    private static OptionalLong cpuTicks(OptionalLong from, OptionalLong to) {
        return from.isPresent() && to.isPresent() ? OptionalLong.of(to.getAsLong() - from.getAsLong())
                : OptionalLong.empty();
    }

    private static <T> T await(io.netty.util.concurrent.Future<T> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a sender failed", e.getCause());
        }
    }

    private static long seconds(double s) {
        return (long) (s * 1e9);
    }

    /** The pace of the step itself: the senders keep their own time on the event loops. */
    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
