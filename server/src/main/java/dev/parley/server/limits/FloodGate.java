package dev.parley.server.limits;

/**
 * A token bucket for one client's commands: {@code burst} commands at once, then
 * {@code perSecond} a second. A client over its rate is not dropped; its commands wait (the server
 * stops reading its socket), so a flood slows only the flooder.
 */
public final class FloodGate {
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    public FloodGate(int perSecond, int burst, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.capacity = Math.max(1, burst);
        this.tokens = capacity;
        this.last = nowNanos;
    }

    /** Takes a token: 0 when one was there, else the nanoseconds until one will be. */
    public long take(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - last) * perNano);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / perNano);
    }
}
