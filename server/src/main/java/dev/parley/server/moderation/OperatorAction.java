package dev.parley.server.moderation;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing an operator did, for the audit log: when, who (the account, or the nick of an
 * operator without one; {@code admin:<user>} for {@code parley admin}), from where, what, to whom,
 * and any detail (a ban's reason and duration). Never a password.
 *
 * @param action e.g. {@code KLINE}, {@code UNKLINE}, {@code DLINE}, {@code UNDLINE}, {@code KILL},
 *               {@code OPER}
 */
public record OperatorAction(Instant at, String operator, String address, String action, String target,
                             String detail) {
    /** Names and targets come from clients: kept short and free of control characters. */
    static final int MAX_FIELD_LENGTH = 400;

    public OperatorAction {
        Objects.requireNonNull(at, "at");
        operator = clean(operator);
        address = clean(address);
        action = Objects.requireNonNull(action, "action");
        target = clean(target);
        detail = clean(detail);
    }

    private static String clean(String text) {
        String value = Objects.requireNonNullElse(text, "");
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_FIELD_LENGTH));
        value.codePoints().limit(MAX_FIELD_LENGTH).forEach(cp ->
                out.appendCodePoint(Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT
                        ? '?' : cp));
        return out.toString();
    }
}
