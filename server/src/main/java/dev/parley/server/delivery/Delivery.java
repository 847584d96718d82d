package dev.parley.server.delivery;

/** One entry of an {@link Outbox}: what its event loop is to write next. */
interface Delivery {
    /** Writes (without flushing) on the outbox's event loop. */
    void deliver(Outbox outbox);
}
