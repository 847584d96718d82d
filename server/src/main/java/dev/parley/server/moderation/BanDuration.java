package dev.parley.server.moderation;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a ban lasts, as operators write it: {@code 0} (until removed), seconds ({@code 3600}),
 * or amounts with units, largest first: {@code 30m}, {@code 1h}, {@code 7d}, {@code 1d12h},
 * {@code 2w}. Also used for "this long ago" ({@code parley admin audit --since 7d}).
 */
public final class BanDuration {
    /** Ten years: past that, a ban is as good as permanent and a typo should not overflow a date. */
    static final Duration LONGEST = Duration.ofDays(3650);
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,10}");
    private static final Pattern PARTS = Pattern.compile("(?:([0-9]{1,5})w)?(?:([0-9]{1,5})d)?(?:([0-9]{1,6})h)?"
            + "(?:([0-9]{1,7})m)?(?:([0-9]{1,9})s)?");
    private static final long[] UNIT_SECONDS = {7 * 86_400, 86_400, 3_600, 60, 1};

    private BanDuration() {
    }

    /** Whether {@code text} is written as a duration (then {@link #parse} only refuses it for size). */
    public static boolean looksLikeOne(String text) {
        return !text.isEmpty() && (SECONDS.matcher(text).matches() || PARTS.matcher(text).matches());
    }

    /**
     * The duration {@code text} says, or empty for {@code 0} (permanent).
     *
     * @throws IllegalArgumentException with a message for the user, when it is not one
     */
    public static Optional<Duration> parse(String text) {
        long seconds;
        if (SECONDS.matcher(text).matches()) {
            seconds = Long.parseLong(text);
        } else {
            Matcher parts = PARTS.matcher(text);
            if (text.isEmpty() || !parts.matches()) {
                throw new IllegalArgumentException("not a duration: " + text
                        + " (write 0 for permanent, seconds, or e.g. 30m, 1h, 7d, 1d12h)");
            }
            seconds = 0;
            for (int i = 0; i < UNIT_SECONDS.length; i++) {
                if (parts.group(i + 1) != null) {
                    seconds += Long.parseLong(parts.group(i + 1)) * UNIT_SECONDS[i];
                }
            }
        }
        if (seconds == 0) {
            return Optional.empty();
        }
        Duration duration = Duration.ofSeconds(seconds);
        if (duration.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("durations go up to 3650d; 0 means permanent");
        }
        return Optional.of(duration);
    }

    /** A duration as {@link #parse} reads it back: {@code 1d12h}, {@code 45s}. */
    public static String format(Duration duration) {
        long left = Math.max(0, duration.getSeconds());
        if (left == 0) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        String units = "wdhms";
        for (int i = 0; i < UNIT_SECONDS.length; i++) {
            long amount = left / UNIT_SECONDS[i];
            if (amount > 0) {
                text.append(amount).append(units.charAt(i));
                left -= amount * UNIT_SECONDS[i];
            }
        }
        return text.toString();
    }
}
