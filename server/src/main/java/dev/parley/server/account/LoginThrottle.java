package dev.parley.server.account;

import dev.parley.server.limits.AddressGroup;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Slows down password guessing: failed logins are counted per account and per source address,
 * and past a limit within a time window further attempts are refused for a back-off period
 * without the password being checked. Each block in a row doubles the period, up to a cap.
 *
 * <p>Counting per account stops a botnet from trying one account from many addresses; counting
 * per address stops one address from trying many accounts. IPv6 addresses are counted per /64,
 * since one machine usually has a whole /64 to pick addresses from. A success clears the
 * account's count but not the address's, so an attacker with one valid account cannot reset
 * their address's count.
 *
 * <p>The per-account count also means that anyone can keep an account blocked by failing on
 * purpose; the block is time-limited, and the owner can still log in by certificate.
 *
 * <p>State is in memory and thread-safe; time comes from the given {@link Clock}.
 */
public final class LoginThrottle {

    /**
     * @param maxAccountFailures failures per account within {@code window} before blocking
     * @param maxAddressFailures failures per address (IPv6: per /64) within {@code window}
     * @param window             how far back failures are counted
     * @param initialBackoff     the first block; each following block doubles it
     * @param maxBackoff         the longest block
     */
    public record Limits(int maxAccountFailures, int maxAddressFailures, Duration window,
                         Duration initialBackoff, Duration maxBackoff) {
        public static final Limits DEFAULT =
                new Limits(5, 20, Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofMinutes(15));

        public Limits {
            if (maxAccountFailures < 1 || maxAddressFailures < 1) {
                throw new IllegalArgumentException("failure limits must be positive");
            }
            if (window.isNegative() || window.isZero() || initialBackoff.isNegative() || initialBackoff.isZero()
                    || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("window and back-off must be positive, max >= initial");
            }
        }
    }

    /** Sweep forgotten entries every this many failures, so memory follows recent failures only. */
    private static final int SWEEP_EVERY = 1024;

    private final Limits limits;
    private final Clock clock;
    private final Map<String, Counter> accounts = new HashMap<>();
    private final Map<String, Counter> addresses = new HashMap<>();
    private int failuresSinceSweep;

    public LoginThrottle(Clock clock) {
        this(Limits.DEFAULT, clock);
    }

    public LoginThrottle(Limits limits, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** How much longer attempts for this account or from this address are refused, if they are. */
    public synchronized Optional<Duration> blockedFor(String accountName, InetAddress address) {
        Instant now = clock.instant();
        Duration remaining = max(remaining(accounts.get(accountKey(accountName)), now),
                remaining(addresses.get(addressKey(address)), now));
        return remaining.isZero() ? Optional.empty() : Optional.of(remaining);
    }

    /**
     * Whether a refusal because of the current block is the first of that block, and notes it:
     * the audit trail records one row per block rather than one per refused attempt, so a flood of
     * throttled guesses cannot fill the database.
     */
    public synchronized boolean firstRefusal(String accountName, InetAddress address) {
        Instant now = clock.instant();
        boolean first = false;
        for (Counter counter : new Counter[] {accounts.get(accountKey(accountName)), addresses.get(addressKey(address))}) {
            if (counter != null && now.isBefore(counter.blockedUntil) && !counter.refusalNoted) {
                counter.refusalNoted = true;
                first = true;
            }
        }
        return first;
    }

    /** How much longer attempts from this address are refused, if they are (no account involved). */
    public synchronized Optional<Duration> addressBlockedFor(InetAddress address) {
        Duration remaining = remaining(addresses.get(addressKey(address)), clock.instant());
        return remaining.isZero() ? Optional.empty() : Optional.of(remaining);
    }

    /**
     * Counts a failure that names no account (a wrong server password) against the address only:
     * counted per account, it would let anyone lock everyone out.
     */
    public synchronized void recordAddressFailure(InetAddress address) {
        addresses.computeIfAbsent(addressKey(address), k -> new Counter())
                .fail(clock.instant(), limits.maxAddressFailures(), limits);
    }

    /** Counts a failed login (wrong password or unknown account). */
    public synchronized void recordFailure(String accountName, InetAddress address) {
        Instant now = clock.instant();
        accounts.computeIfAbsent(accountKey(accountName), k -> new Counter())
                .fail(now, limits.maxAccountFailures(), limits);
        addresses.computeIfAbsent(addressKey(address), k -> new Counter())
                .fail(now, limits.maxAddressFailures(), limits);
        if (++failuresSinceSweep >= SWEEP_EVERY) {
            failuresSinceSweep = 0;
            sweep(now);
        }
    }

    /** Clears the account's count after a successful login. */
    public synchronized void recordSuccess(String accountName) {
        accounts.remove(accountKey(accountName));
    }

    /** Entries held, for tests of forgetting. */
    synchronized int trackedEntries() {
        sweep(clock.instant());
        return accounts.size() + addresses.size();
    }

    private void sweep(Instant now) {
        for (Map<String, Counter> map : java.util.List.of(accounts, addresses)) {
            for (Iterator<Counter> it = map.values().iterator(); it.hasNext(); ) {
                if (it.next().forgettable(now, limits)) {
                    it.remove();
                }
            }
        }
    }

    private static Duration remaining(Counter counter, Instant now) {
        if (counter == null || !now.isBefore(counter.blockedUntil)) {
            return Duration.ZERO;
        }
        return Duration.between(now, counter.blockedUntil);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Invalid names are counted too (lowercased and cut short): guessing them costs the same. */
    private static String accountKey(String accountName) {
        String name = accountName == null ? "" : accountName;
        if (AccountName.isValid(name)) {
            return AccountName.casefold(name);
        }
        return "\0" + name.substring(0, Math.min(name.length(), 64)).toLowerCase(Locale.ROOT);
    }

    private static String addressKey(InetAddress address) {
        return address == null ? "" : AddressGroup.of(address).getHostAddress();
    }

    /** Recent failures of one account or address, and its current block. */
    private static final class Counter {
        private final ArrayDeque<Instant> failures = new ArrayDeque<>();
        private Instant blockedUntil = Instant.MIN;
        private Instant lastFailure = Instant.MIN;
        /** Blocks in a row, which sets the length of the next one. */
        private int strikes;
        /** Whether a refusal under the current block has been audited. */
        private boolean refusalNoted;

        void fail(Instant now, int limit, Limits limits) {
            forgetOlderThan(now.minus(limits.window()));
            if (forgettable(now, limits)) {
                strikes = 0;
            }
            failures.addLast(now);
            while (failures.size() > limit) {
                failures.removeFirst();
            }
            lastFailure = now;
            if (failures.size() >= limit) {
                // Still at the limit after a block ran out: the next failure blocks again, longer.
                Duration backoff = limits.initialBackoff().multipliedBy(1L << Math.min(strikes, 20));
                if (backoff.compareTo(limits.maxBackoff()) > 0) {
                    backoff = limits.maxBackoff();
                }
                blockedUntil = now.plus(backoff);
                refusalNoted = false;
                strikes++;
            }
        }

        /**
         * Nothing left to remember: not blocked, and quiet for longer than the window plus the
         * longest block, so the doubling is not reset merely by waiting out one block.
         */
        boolean forgettable(Instant now, Limits limits) {
            return !now.isBefore(blockedUntil)
                    && now.isAfter(lastFailure.plus(limits.window()).plus(limits.maxBackoff()));
        }

        private void forgetOlderThan(Instant cutoff) {
            while (!failures.isEmpty() && failures.peekFirst().isBefore(cutoff)) {
                failures.removeFirst();
            }
        }
    }
}
