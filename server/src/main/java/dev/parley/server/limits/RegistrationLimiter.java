package dev.parley.server.limits;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * How many accounts one address may create by itself in a window (self-registration), so that
 * an open server cannot be filled with accounts from one machine.
 */
public final class RegistrationLimiter {
    private final int perWindow;
    private final Duration window;
    private final Clock clock;
    private final Map<InetAddress, Deque<Instant>> recent = new HashMap<>();

    public RegistrationLimiter(int perWindow, Duration window, Clock clock) {
        this.perWindow = perWindow;
        this.window = window;
        this.clock = clock;
    }

    /** Counts one registration from {@code address}; false when it is over its limit. */
    public synchronized boolean tryAcquire(InetAddress address) {
        Instant now = clock.instant();
        Deque<Instant> times = recent.computeIfAbsent(address, a -> new ArrayDeque<>());
        while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(window))) {
            times.pollFirst();
        }
        if (times.size() >= perWindow) {
            return false;
        }
        times.addLast(now);
        recent.values().removeIf(Deque::isEmpty);
        return true;
    }
}
