package dev.parley.client;

import java.time.Duration;

/** How long to wait before each attempt to reconnect. */
public interface Backoff {
    /** The wait before the next attempt. */
    Duration next();

    /** Starts again from the shortest wait (after a connection succeeded). */
    void reset();

    /** Doubling waits: {@code first}, twice that, ... up to {@code max}. */
    static Backoff exponential(Duration first, Duration max) {
        return new Backoff() {
            private Duration wait = first;

            @Override
            public Duration next() {
                Duration now = wait;
                Duration doubled = wait.multipliedBy(2);
                wait = doubled.compareTo(max) > 0 ? max : doubled;
                return now;
            }

            @Override
            public void reset() {
                wait = first;
            }
        };
    }
}
