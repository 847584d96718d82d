package dev.parley.bench;

import java.util.OptionalLong;

/**
 * What the generator may ask about the server it measures. {@link ProcStat} answers from /proc for
 * any server given its pid; a caller that started the server itself may know more (a JVM's live heap).
 */
public interface ServerProbe {
    /** CPU time (user + system) used so far, in clock ticks of {@link ProcStat#TICKS_PER_SECOND}. */
    OptionalLong cpuTicks();

    /** Resident memory, in KiB. */
    OptionalLong residentKib();

    /** Java heap in use after a full collection, in KiB, where the server is a JVM that can be asked. */
    default OptionalLong liveHeapKib() {
        return OptionalLong.empty();
    }
}
