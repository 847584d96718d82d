package dev.parley.bench;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** What one step measured, whether it passed, and its progress line. */
record StepResult(int rate, double achievedRate, long expected, long received, Histogram latency,
                  double deliveriesPerSecond, OptionalLong serverCpuTicks, long windowDeliveries,
                  double windowSeconds, OptionalLong generatorCpuTicks, Crowd.Drops drops, boolean sendersBlocked,
                  long sendLagNanos, boolean quiet, double p99LimitMillis) {

    /** Above this share of a core the generator may be what limits the figures. */
    static final double GENERATOR_BUSY_PERCENT = 90;

    long lost() {
        return Math.max(0, expected - received);
    }

    double p50Millis() {
        return latency.percentileNanos(50) / 1e6;
    }

    double p99Millis() {
        return latency.percentileNanos(99) / 1e6;
    }

    double maxMillis() {
        return latency.maxNanos() / 1e6;
    }

    boolean passed() {
        return why() == null;
    }

    /** Why the step failed, or null. */
    String why() {
        if (drops.any()) {
            return drops.clients().size() + " clients dropped (" + reasons() + ")";
        }
        if (sendersBlocked) {
            return "the server stopped reading from the senders";
        }
        if (lost() > 0) {
            return "lost " + lost();
        }
        if (received == 0) {
            return "nothing received";
        }
        if (p99Millis() >= p99LimitMillis) {
            return String.format(Locale.ROOT, "p99 %.1f ms", p99Millis());
        }
        return null;
    }

    private String reasons() {
        StringBuilder sb = new StringBuilder();
        drops.reasons().forEach((why, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(n).append(' ').append(why));
        return sb.toString();
    }

    OptionalDouble serverCpuPercent() {
        return percent(serverCpuTicks);
    }

    OptionalDouble generatorCpuPercent() {
        return percent(generatorCpuTicks);
    }

    private OptionalDouble percent(OptionalLong ticks) {
        return ticks.isPresent() ? OptionalDouble.of(ticks.getAsLong() * 100.0 / ProcStat.TICKS_PER_SECOND / windowSeconds)
                : OptionalDouble.empty();
    }

    /** Server CPU time per message received by a receiver in the window, in microseconds. */
    OptionalDouble serverMicrosPerDelivery() {
        return serverCpuTicks.isPresent() && windowDeliveries > 0
                ? OptionalDouble.of(serverCpuTicks.getAsLong() * 1e6 / ProcStat.TICKS_PER_SECOND / windowDeliveries)
                : OptionalDouble.empty();
    }

    boolean generatorBusy() {
        return generatorCpuPercent().orElse(0) > GENERATOR_BUSY_PERCENT;
    }

    String progressLine() {
        String server = serverCpuPercent().isPresent()
                ? String.format(Locale.ROOT, "server CPU %3.0f %% (%s us/delivery)", serverCpuPercent().getAsDouble(),
                        serverMicrosPerDelivery().isPresent()
                                ? String.format(Locale.ROOT, "%.2f", serverMicrosPerDelivery().getAsDouble()) : "-")
                : "server CPU unknown";
        String generator = generatorCpuPercent().isPresent()
                ? String.format(Locale.ROOT, "generator CPU %3.0f %%", generatorCpuPercent().getAsDouble()) : "";
        return String.format(Locale.ROOT,
                "%7d msg/s: p50 %7.2f ms  p99 %7.2f ms  max %7.1f ms  lost %d  sent %.0f/s (late by %.1f ms at most)"
                        + "  %,.0f deliveries/s  %s  %s  %s%s%s",
                rate, p50Millis(), p99Millis(), maxMillis(), lost(), achievedRate, sendLagNanos / 1e6,
                deliveriesPerSecond, server,
                generator, passed() ? "pass" : "FAIL: " + why(),
                generatorBusy() ? "  (warning: the generator is near a full core; it may be the bottleneck)" : "",
                quiet ? "" : "  (the server was still sending 30 s later)");
    }
}
