package dev.parley.server.net;

import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Watches the connections of one event loop for silence: once a second it asks each whether it
 * is due a PING, has missed one, or has not registered in time. One sweep per loop instead of a
 * timer per connection, which would cost every connection a handler and a scheduled task.
 * Everything here runs on the loop's thread.
 */
final class IdleWatch {
    private static final long SWEEP_MILLIS = 1000;

    private final List<IrcSessionHandler> watched = new ArrayList<>();

    IdleWatch(EventExecutor loop) {
        loop.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    void add(IrcSessionHandler handler) {
        handler.watchIndex = watched.size();
        watched.add(handler);
    }

    /** Takes a handler out in constant time, by moving the last one into its place. */
    void remove(IrcSessionHandler handler) {
        int index = handler.watchIndex;
        if (index < 0) {
            return;
        }
        IrcSessionHandler last = watched.remove(watched.size() - 1);
        if (last != handler) {
            watched.set(index, last);
            last.watchIndex = index;
        }
        handler.watchIndex = -1;
    }

    private void sweep() {
        long now = System.nanoTime();
        // Backwards: a check may drop its connection, whose removal moves the last one into its place.
        for (int i = watched.size() - 1; i >= 0; i--) {
            if (i < watched.size()) {
                watched.get(i).checkIdle(now);
            }
        }
    }
}
