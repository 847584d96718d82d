package dev.parley.bench;

import java.util.Arrays;

/**
 * Latencies in log-linear buckets, as HdrHistogram keeps them but with nothing else: each power of
 * two is cut into 32 buckets, so a figure read back is within about 3 % of the true value, from a
 * microsecond to hours, in a fixed array of 2,048 counts. Recording is a shift, a
 * numberOfLeadingZeros and an increment: a receiver does it for every delivery, millions a second.
 * Not thread-safe: each event loop keeps its own, merged when a step ends.
 */
final class Histogram {
    /** Values are kept in units of 1,024 ns (about a microsecond). */
    private static final int UNIT_SHIFT = 10;
    private static final int SUB_BITS = 5;
    private static final int SUB_BUCKETS = 1 << SUB_BITS;

    private final long[] counts = new long[64 * SUB_BUCKETS];
    private long total;
    private long maxNanos;

    void record(long nanos) {
        long units = Math.max(0, nanos) >>> UNIT_SHIFT;
        counts[index(units)]++;
        total++;
        if (nanos > maxNanos) {
            maxNanos = nanos;
        }
    }

    private static int index(long units) {
        if (units < SUB_BUCKETS) {
            return (int) units;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(units);
        int sub = (int) (units >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1);
        return (exponent - SUB_BITS + 1) * SUB_BUCKETS + sub;
    }

    /** The middle of a bucket, in nanoseconds. */
    private static long value(int index) {
        if (index < SUB_BUCKETS) {
            return ((long) index << UNIT_SHIFT) + (1L << (UNIT_SHIFT - 1));
        }
        int exponent = index / SUB_BUCKETS + SUB_BITS - 1;
        int sub = index % SUB_BUCKETS;
        long width = 1L << (exponent - SUB_BITS);
        long low = (SUB_BUCKETS + sub) * width;
        return (low + width / 2) << UNIT_SHIFT;
    }

    void add(Histogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        maxNanos = Math.max(maxNanos, other.maxNanos);
    }

    void reset() {
        Arrays.fill(counts, 0);
        total = 0;
        maxNanos = 0;
    }

    Histogram copy() {
        Histogram h = new Histogram();
        h.add(this);
        return h;
    }

    long count() {
        return total;
    }

    long maxNanos() {
        return maxNanos;
    }

    /** The latency at or below which {@code percent} of the values lie; 0 when empty. */
    long percentileNanos(double percent) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percent / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(value(i), maxNanos);
            }
        }
        return maxNanos;
    }
}
