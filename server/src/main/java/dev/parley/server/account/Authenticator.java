package dev.parley.server.account;

import java.net.InetAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides whether a login succeeds, whatever the mechanism (a password
 * command, SASL PLAIN, SCRAM-SHA-256 or EXTERNAL).
 *
 * <p>Every check runs on a small bounded executor (the {@link LoginPool}) and completes a
 * {@link CompletableFuture}, because Argon2 and storage must not run on network threads, and a
 * flood of logins must queue (or be refused as {@link AuthFailure#UNAVAILABLE}) rather than
 * exhaust memory. {@link LoginRules} holds the rules each check follows; every attempt is written
 * to the audit trail ({@link LoginAuditor}), never with its password.
 */
public final class Authenticator implements AutoCloseable {

    /** Audit label for a plain name-and-password login (not SASL). */
    public static final String MECHANISM_PASSWORD = "PASSWORD";
    public static final String MECHANISM_PLAIN = "PLAIN";
    public static final String MECHANISM_SCRAM = "SCRAM-SHA-256";
    public static final String MECHANISM_EXTERNAL = "EXTERNAL";
    /** Audit label for an OPER attempt. */
    public static final String MECHANISM_OPER = "OPER";
    /** Audit label for an account a client creates (REGISTER). */
    public static final String MECHANISM_REGISTER = "REGISTER";
    /** Audit label for a server password given with PASS. */
    public static final String MECHANISM_SERVER_PASSWORD = "PASS";

    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);

    private final LoginPool pool;
    private final LoginRules rules;

    /**
     * @param executor        where checks run; the caller keeps ownership (see {@link #newExecutor})
     * @param scramIterations the iteration count of new SCRAM keys, shown for unknown accounts too
     */
    public Authenticator(AccountStore store, PasswordHasher hasher, LoginThrottle throttle,
                         ExecutorService executor, Clock clock, int scramIterations) {
        this(store, hasher, throttle, executor, false, clock, scramIterations);
    }

    private Authenticator(AccountStore store, PasswordHasher hasher, LoginThrottle throttle,
                          ExecutorService executor, boolean ownsExecutor, Clock clock, int scramIterations) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(hasher, "hasher");
        Objects.requireNonNull(throttle, "throttle");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(clock, "clock");
        if (scramIterations < 1) {
            throw new IllegalArgumentException("scramIterations must be positive");
        }
        LoginAuditor auditor = new LoginAuditor(store, throttle, clock);
        this.pool = new LoginPool(executor, ownsExecutor, clock, auditor);
        this.rules = new LoginRules(store, hasher, throttle, clock, auditor, new FakeScramKeys(store, scramIterations));
    }

    /**
     * An authenticator with its own executor (2 threads, 64 queued checks), default throttle
     * limits and SCRAM iterations; {@link #close()} shuts the executor down.
     */
    public static Authenticator create(AccountStore store, PasswordHasher hasher, Clock clock) {
        return new Authenticator(store, hasher, new LoginThrottle(clock), newExecutor(2, 64), true, clock,
                ScramCredentials.DEFAULT_ITERATIONS);
    }

    /**
     * A fixed pool of daemon threads with a bounded queue; checks beyond the queue are refused as
     * {@link AuthFailure#UNAVAILABLE}. Each running Argon2 check holds its memory cost (19 MiB by
     * default), so {@code threads} bounds that memory.
     */
    public static ExecutorService newExecutor(int threads, int queueCapacity) {
        return LoginPool.newExecutor(threads, queueCapacity);
    }

    /** Checks a name and password given outside SASL. */
    public CompletableFuture<AuthResult> authenticatePassword(String name, String password, InetAddress ip,
                                                              boolean secureTransport) {
        return authenticatePassword(MECHANISM_PASSWORD, name, password, ip, secureTransport);
    }

    /**
     * Checks a name and password.
     *
     * @param mechanism       how they were given, for the audit trail (e.g. {@link #MECHANISM_PLAIN})
     * @param secureTransport whether the connection is TLS; a legacy hash is only accepted over TLS
     */
    public CompletableFuture<AuthResult> authenticatePassword(String mechanism, String name, String password,
                                                              InetAddress ip, boolean secureTransport) {
        String given = name == null ? "" : name;
        return pool.submit(mechanism, given, ip, () -> rules.checkPassword(given,
                password == null ? "" : password, ip, secureTransport));
    }

    /**
     * Checks a client certificate (SASL EXTERNAL).
     *
     * @param fingerprint SHA-256 of the client's DER certificate in hex, empty if it sent none
     * @param authzid     the account the client asked for, empty for "whichever the certificate is for"
     */
    public CompletableFuture<AuthResult> authenticateCertificate(Optional<String> fingerprint, String authzid,
                                                                 InetAddress ip) {
        String requested = authzid == null ? "" : authzid;
        return pool.submit(MECHANISM_EXTERNAL, requested, ip, () -> rules.checkCertificate(fingerprint, requested));
    }

    /** Starts a SCRAM login: finds the keys to check against (real or fake). */
    public CompletableFuture<ScramLookup> lookupScram(String name, InetAddress ip) {
        String given = name == null ? "" : name;
        return pool.supply(() -> {
            try {
                return rules.scramLookup(given, ip);
            } catch (RuntimeException e) {
                log.error("Could not look up SCRAM keys for account {} from {}", given, ip.getHostAddress(), e);
                return rules.refusedLookup(given, AuthFailure.UNAVAILABLE);
            }
        }, () -> rules.refusedLookup(given, AuthFailure.UNAVAILABLE), ip);
    }

    /**
     * Finishes a SCRAM login: checks the client's proof over the exchange's AuthMessage, then the
     * same account rules as for a password.
     */
    public CompletableFuture<AuthResult> completeScram(ScramLookup lookup, byte[] clientProof, byte[] authMessage,
                                                       InetAddress ip) {
        return pool.submit(MECHANISM_SCRAM, lookup.nameGiven(), ip,
                () -> rules.checkScramProof(lookup, clientProof, authMessage, ip));
    }

    /**
     * Checks OPER credentials under the same rules as a login: a throttled name or address is
     * refused before any password is looked at, every failure counts against the throttle, and
     * every attempt is audited. Whether the name is a configured operator or an account flagged as
     * one, and whatever went wrong, a failure is a failure: nothing tells a known name from an unknown.
     *
     * @param configured the {@code [[operators]]} of the configuration
     * @return on the login pool: the operator's name on success, or why not
     */
    public CompletableFuture<AuthResult> authenticateOperator(String name, String password, InetAddress ip,
                                                              OperatorCredentials configured) {
        String given = name == null ? "" : name;
        String secret = password == null ? "" : password;
        return pool.submit(MECHANISM_OPER, given, ip, () -> rules.checkOperator(given, secret, ip, configured));
    }

    /**
     * Checks the server password (PASS) under the same throttle and audit trail as a login. Cheap to
     * compare, but guessing it must cost as much as guessing an account's.
     */
    public CompletableFuture<AuthResult> authenticateServerPassword(String expected, String given, InetAddress ip) {
        return pool.submit(MECHANISM_SERVER_PASSWORD, "", ip, () -> rules.checkServerPassword(expected, given, ip));
    }

    /**
     * Creates an account a client asked for (REGISTER) under the login rules: refused while its
     * address is throttled, a taken name counted as a failure (trying names is probing for
     * members), every attempt audited. Completes with the new account or why not. Callers check
     * the name and password first; one the store refuses anyway completes as
     * {@link AuthFailure#UNAVAILABLE}, logged, like any other error of the check.
     */
    public CompletableFuture<AuthResult> register(String name, String displayName, String password, InetAddress ip) {
        return pool.submit(MECHANISM_REGISTER, name, ip, () -> rules.register(name, displayName, password, ip));
    }

    /** Clears the account's failure count, as a login would: its password was just set by an administrator. */
    public void forgiveFailures(String name) {
        rules.forgiveFailures(name);
    }

    /**
     * Records a SASL attempt that failed before any account could be checked (a malformed message,
     * an authzid for someone else), so that every attempt is audited.
     */
    public CompletableFuture<AuthResult> refuse(String mechanism, String nameGiven, InetAddress ip,
                                                AuthFailure reason) {
        return pool.submit(mechanism, nameGiven == null ? "" : nameGiven, ip, () -> AuthResult.failure(reason));
    }

    @Override
    public void close() {
        pool.close();
    }
}
