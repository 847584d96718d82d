package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HistogramTest {

    @Test
    void percentilesAreWithinTheBucketPrecision() {
        Histogram h = new Histogram();
        for (long micros = 1; micros <= 100_000; micros++) {
            h.record(micros * 1000);
        }
        assertThat(h.count()).isEqualTo(100_000);
        assertThat((double) h.percentileNanos(50)).isCloseTo(50e6, within(50e6 * 0.04));
        assertThat((double) h.percentileNanos(99)).isCloseTo(99e6, within(99e6 * 0.04));
        assertThat(h.maxNanos()).isEqualTo(100_000_000L);
        assertThat(h.percentileNanos(100)).isLessThanOrEqualTo(h.maxNanos());
    }

    @Test
    void mergedHistogramsCountBoth() {
        Histogram a = new Histogram();
        Histogram b = new Histogram();
        a.record(1_000_000);
        b.record(3_000_000_000L);
        a.add(b);
        assertThat(a.count()).isEqualTo(2);
        assertThat(a.maxNanos()).isEqualTo(3_000_000_000L);
        assertThat((double) a.percentileNanos(100)).isCloseTo(3e9, within(3e9 * 0.04));
        a.reset();
        assertThat(a.count()).isZero();
        assertThat(a.percentileNanos(99)).isZero();
    }
}
