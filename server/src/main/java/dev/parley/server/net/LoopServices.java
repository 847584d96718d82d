package dev.parley.server.net;

import dev.parley.server.delivery.Outbox;
import dev.parley.server.metrics.ServerMetrics;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.IdentityHashMap;
import java.util.Map;

/** What each event loop of the server has once: the outbox for its connections and their idle watch. */
public final class LoopServices {
    private final Map<EventExecutor, Outbox> outboxes = new IdentityHashMap<>();
    private final Map<EventExecutor, IdleWatch> idleWatches = new IdentityHashMap<>();

    public LoopServices(EventLoopGroup group, ServerMetrics metrics) {
        for (EventExecutor loop : group) {
            outboxes.put(loop, new Outbox(loop, metrics::linesDelivered));
            idleWatches.put(loop, new IdleWatch(loop));
        }
    }

    Outbox outbox(EventExecutor loop) {
        return get(outboxes, loop);
    }

    IdleWatch idleWatch(EventExecutor loop) {
        return get(idleWatches, loop);
    }

    private static <T> T get(Map<EventExecutor, T> byLoop, EventExecutor loop) {
        T service = byLoop.get(loop);
        if (service == null) {
            throw new IllegalArgumentException("not one of the server's event loops: " + loop);
        }
        return service;
    }
}
