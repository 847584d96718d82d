package dev.parley.bench;

/**
 * What the receivers on one event loop have seen. Only that loop's thread touches it, so the hot
 * path has no atomics or locks; the controlling thread reads and resets it with tasks run on the
 * loop (see {@link Loops}), which also makes the values it reads safely published.
 */
final class LoopTally {
    /** The step whose measured lines are counted; lines of earlier steps are stragglers. */
    int step = -1;
    /** Measured lines of {@link #step} received. */
    long measured;
    /** Every generator line received, of any step, warm-up included: deliveries in a CPU window. */
    long allLines;
    final Histogram latency = new Histogram();
    /** Where the loop's clients copy each read to cut it into lines. */
    private byte[] scratch = new byte[64 * 1024];

    /** The scratch array, at least {@code length} long. */
    byte[] scratch(int length) {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        return scratch;
    }

    /** The tags of {@link #step}'s measured lines: counted only, and timed. */
    byte countedTag = -1;
    byte timedTag = -1;

    void startStep(int newStep) {
        step = newStep;
        countedTag = MessageFormat.tag(newStep, false);
        timedTag = MessageFormat.tag(newStep, true);
        measured = 0;
        latency.reset();
    }
}
