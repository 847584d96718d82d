package dev.parley.server.account;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the login audit trail: who tried to log in as whom, how, and what came of it.
 * Never holds a password.
 *
 * @param accountName the name exactly as the client gave it (it may not exist); control characters
 *                    are replaced and it is cut to {@value #MAX_NAME_LENGTH} characters, because it
 *                    is untrusted input that ends up in an administrator's terminal
 * @param mechanism   e.g. {@code PLAIN}, {@code SCRAM-SHA-256}, {@code EXTERNAL}, {@code PASSWORD}
 * @param outcome     {@value #SUCCESS} or the name of an {@link AuthFailure}
 */
public record AuditEvent(Instant at, String ip, String accountName, String mechanism, String outcome) {

    public static final String SUCCESS = "SUCCESS";
    public static final int MAX_NAME_LENGTH = 64;

    public AuditEvent {
        Objects.requireNonNull(at, "at");
        ip = Objects.requireNonNullElse(ip, "");
        accountName = sanitize(Objects.requireNonNullElse(accountName, ""));
        Objects.requireNonNull(mechanism, "mechanism");
        Objects.requireNonNull(outcome, "outcome");
    }

    public static AuditEvent of(Instant at, String ip, String accountName, String mechanism, AuthResult result) {
        String outcome = result instanceof AuthResult.Failure failure ? failure.reason().name() : SUCCESS;
        return new AuditEvent(at, ip, accountName, mechanism, outcome);
    }

    private static String sanitize(String name) {
        StringBuilder out = new StringBuilder(Math.min(name.length(), MAX_NAME_LENGTH));
        name.codePoints().limit(MAX_NAME_LENGTH).forEach(cp ->
                out.appendCodePoint(Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT
                        ? '?' : cp));
        return out.toString();
    }
}
