package dev.parley.server.account;

import dev.parley.server.logging.ClientText;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each login attempt to the audit trail, never with its password, and to the log. Of the
 * refusals during one throttling block only the first is written (see
 * {@link LoginThrottle#firstRefusal}).
 */
final class LoginAuditor {
    // Logs as the Authenticator: log settings set the level of every login line by that one name.
    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);

    private final AccountStore store;
    private final LoginThrottle throttle;
    private final Clock clock;

    LoginAuditor(AccountStore store, LoginThrottle throttle, Clock clock) {
        this.store = store;
        this.throttle = throttle;
        this.clock = clock;
    }

    /** @param mechanism the audit label, one of the {@code Authenticator.MECHANISM_} constants */
    void record(String mechanism, String nameGiven, InetAddress ip, AuthResult result) {
        Instant now = clock.instant();
        boolean repeatRefusal = result instanceof AuthResult.Failure f && f.reason() == AuthFailure.THROTTLED
                && !throttle.firstRefusal(nameGiven, ip);
        if (!repeatRefusal) {
            store.audit(AuditEvent.of(now, ip.getHostAddress(), nameGiven, mechanism, result));
        }
        if (result instanceof AuthResult.Failure failure) {
            log.debug("{} login for account {} from {} failed: {}", mechanism, ClientText.forLog(nameGiven),
                    ip.getHostAddress(), failure.reason());
        } else if (result instanceof AuthResult.Success success) {
            log.info("{} login for account {} from {}", mechanism, success.account().name(), ip.getHostAddress());
        } else if (Authenticator.MECHANISM_OPER.equals(mechanism)) {
            log.info("OPER as configured operator {} from {}", ClientText.forLog(nameGiven), ip.getHostAddress());
        }
    }
}
