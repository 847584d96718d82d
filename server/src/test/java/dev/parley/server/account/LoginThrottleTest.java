package dev.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.MutableClock;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    final LoginThrottle throttle = new LoginThrottle(clock);
    final InetAddress ip = address("192.0.2.1");
    final InetAddress otherIp = address("192.0.2.2");

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no DNS
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void blocksAnAccountAfterFiveFailuresWithDoublingBackoffUpToFifteenMinutes() {
        for (int i = 0; i < 4; i++) {
            throttle.recordFailure("alice", ip);
            assertThat(throttle.blockedFor("alice", ip)).isEmpty();
        }
        throttle.recordFailure("ALICE", otherIp);
        assertThat(throttle.blockedFor("Alice", address("198.51.100.7"))).contains(Duration.ofMinutes(1));

        clock.advance(Duration.ofSeconds(59));
        assertThat(throttle.blockedFor("alice", ip)).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.blockedFor("alice", ip)).isEmpty();

        // Still at the limit within the window: each further failure blocks again, twice as long.
        for (long minutes : new long[] {2, 4, 8}) {
            throttle.recordFailure("alice", otherIp);
            assertThat(throttle.blockedFor("alice", ip)).contains(Duration.ofMinutes(minutes));
            clock.advance(Duration.ofMinutes(minutes));
        }
        // Now at minute 15 the window holds only the failure of minute 7; four more are needed, and
        // the doubling is remembered: the next block is 16 minutes, capped at 15.
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("alice", otherIp);
            assertThat(throttle.blockedFor("alice", ip)).isEmpty();
        }
        throttle.recordFailure("alice", otherIp);
        assertThat(throttle.blockedFor("alice", ip)).contains(Duration.ofMinutes(15));
    }

    @Test
    void failuresOutsideTheWindowDoNotCount() {
        for (int i = 0; i < 4; i++) {
            throttle.recordFailure("bob", ip);
        }
        clock.advance(Duration.ofMinutes(10).plusMillis(1));
        throttle.recordFailure("bob", ip);
        assertThat(throttle.blockedFor("bob", otherIp)).isEmpty();
    }

    @Test
    void successClearsTheAccountButNotTheAddress() {
        for (int i = 0; i < 4; i++) {
            throttle.recordFailure("carol", ip);
        }
        throttle.recordSuccess("Carol");
        throttle.recordFailure("carol", otherIp);
        assertThat(throttle.blockedFor("carol", otherIp)).isEmpty();

        for (int i = 0; i < 16; i++) { // 4 + 16 = 20 failures from ip
            throttle.recordFailure("user" + i, ip);
        }
        throttle.recordSuccess("user0");
        assertThat(throttle.blockedFor("someone", ip)).contains(Duration.ofMinutes(1));
    }

    @Test
    void blocksAnAddressAfterTwentyFailuresOnAnyAccounts() {
        for (int i = 0; i < 19; i++) {
            throttle.recordFailure("user" + i, ip);
        }
        assertThat(throttle.blockedFor("fresh", ip)).isEmpty();
        throttle.recordFailure("user19", ip);
        assertThat(throttle.blockedFor("fresh", ip)).contains(Duration.ofMinutes(1));
        assertThat(throttle.blockedFor("fresh", otherIp)).isEmpty();
    }

    @Test
    void countsIpv6PerSlash64() {
        for (int i = 0; i < 20; i++) {
            throttle.recordFailure("user" + i, address("2001:db8:1:2::" + Integer.toHexString(i + 1)));
        }
        assertThat(throttle.blockedFor("fresh", address("2001:db8:1:2:ffff::1"))).isPresent();
        assertThat(throttle.blockedFor("fresh", address("2001:db8:1:3::1"))).isEmpty();
    }

    @Test
    void countsInvalidNamesToo() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("Not Valid!", address("203.0.113." + i));
        }
        assertThat(throttle.blockedFor("not valid!", otherIp)).isPresent();
        assertThat(throttle.blockedFor(null, otherIp)).isEmpty();
    }

    @Test
    void forgetsQuietEntries() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("dave", ip);
        }
        assertThat(throttle.trackedEntries()).isEqualTo(2);
        clock.advance(Duration.ofMinutes(25).plusSeconds(1));
        assertThat(throttle.trackedEntries()).isZero();
        // Forgotten means the back-off starts over.
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("dave", ip);
        }
        assertThat(throttle.blockedFor("dave", ip)).contains(Duration.ofMinutes(1));
    }
}
