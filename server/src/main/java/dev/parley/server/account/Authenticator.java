package dev.parley.server.account;

import dev.parley.server.logging.ClientText;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides whether a login succeeds, whatever the mechanism (a password
 * command, SASL PLAIN, SCRAM-SHA-256 or EXTERNAL).
 *
 * <p>Every check runs on a small bounded executor and completes a {@link CompletableFuture},
 * because Argon2 and storage must not run on network threads, and a flood of logins must queue
 * (or be refused as {@link AuthFailure#UNAVAILABLE}) rather than exhaust memory. The rules:
 * <ul>
 *   <li>an unknown account costs the same hash as a wrong password and fails the same way;</li>
 *   <li>a throttled account or address is refused before any password is looked at;</li>
 *   <li>a locked account is refused, but only to someone who gave its right password;</li>
 *   <li>a legacy SHA-256 password is only accepted over TLS, and is then replaced by Argon2id
 *       and SCRAM keys (as is a hash with outdated parameters);</li>
 *   <li>every attempt is written to the audit trail, never with its password.</li>
 * </ul>
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
    private static final String FAKE_SALT_SECRET = "scram-fake-salt";
    private static final Duration QUEUE_FULL_WARNING_INTERVAL = Duration.ofMinutes(1);

    private final AccountStore store;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final Clock clock;
    private final int scramIterations;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong lastQueueFullWarning = new AtomicLong(Long.MIN_VALUE / 2);
    private volatile byte[] fakeSaltSecret;

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
        this.store = Objects.requireNonNull(store, "store");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.ownsExecutor = ownsExecutor;
        this.clock = Objects.requireNonNull(clock, "clock");
        if (scramIterations < 1) {
            throw new IllegalArgumentException("scramIterations must be positive");
        }
        this.scramIterations = scramIterations;
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
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), runnable -> {
                    Thread thread = new Thread(runnable, "parley-auth-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
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
        return submit(mechanism, given, ip, () -> checkPassword(mechanism, given,
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
        return submit(MECHANISM_EXTERNAL, requested, ip, () -> checkCertificate(fingerprint, requested, ip));
    }

    /** Starts a SCRAM login: finds the keys to check against (real or fake). */
    public CompletableFuture<ScramLookup> lookupScram(String name, InetAddress ip) {
        String given = name == null ? "" : name;
        CompletableFuture<ScramLookup> future = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    future.complete(scramLookup(given, ip));
                } catch (RuntimeException e) {
                    log.error("Could not look up SCRAM keys for account {} from {}", given, ip.getHostAddress(), e);
                    future.complete(refusedLookup(given, AuthFailure.UNAVAILABLE));
                }
            });
        } catch (RejectedExecutionException e) {
            warnQueueFull(ip);
            future.complete(refusedLookup(given, AuthFailure.UNAVAILABLE));
        }
        return future;
    }

    /**
     * Finishes a SCRAM login: checks the client's proof over the exchange's AuthMessage, then the
     * same account rules as for a password.
     */
    public CompletableFuture<AuthResult> completeScram(ScramLookup lookup, byte[] clientProof, byte[] authMessage,
                                                       InetAddress ip) {
        return submit(MECHANISM_SCRAM, lookup.nameGiven(), ip, () -> {
            boolean proofOk = lookup.credentials().verifyClientProof(clientProof, authMessage);
            if (!proofOk || lookup.account().isEmpty()) {
                throttle.recordFailure(lookup.nameGiven(), ip);
                return AuthResult.failure(AuthFailure.BAD_CREDENTIALS);
            }
            // Looked up again: it may have been locked or removed since the exchange began.
            Optional<Account> account = store.find(lookup.account().get().name());
            if (account.isEmpty()) {
                return AuthResult.failure(AuthFailure.BAD_CREDENTIALS);
            }
            return admit(account.get(), lookup.nameGiven());
        });
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
        return submit(MECHANISM_OPER, given, ip, () -> checkOperator(given, secret, ip, configured));
    }

    /**
     * Checks the server password (PASS) under the same throttle and audit trail as a login. Cheap to
     * compare, but guessing it must cost as much as guessing an account's.
     */
    public CompletableFuture<AuthResult> authenticateServerPassword(String expected, String given, InetAddress ip) {
        return submit(MECHANISM_SERVER_PASSWORD, "", ip, () -> {
            if (throttle.addressBlockedFor(ip).isPresent()) {
                return AuthResult.failure(AuthFailure.THROTTLED);
            }
            if (given == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                    given.getBytes(StandardCharsets.UTF_8))) {
                throttle.recordAddressFailure(ip);
                return AuthResult.failure(AuthFailure.BAD_CREDENTIALS);
            }
            return AuthResult.serverPasswordAccepted();
        });
    }

    /**
     * Creates an account a client asked for (REGISTER) under the login rules: refused while its
     * address is throttled, a taken name counted as a failure (trying names is probing for
     * members), every attempt audited. Completes with the new account or why not; an invalid name
     * or password fails the future with the store's {@link IllegalArgumentException}.
     */
    public CompletableFuture<AuthResult> register(String name, String displayName, String password, InetAddress ip) {
        return submit(MECHANISM_REGISTER, name, ip, () -> {
            if (throttle.addressBlockedFor(ip).isPresent()) {
                return AuthResult.failure(AuthFailure.THROTTLED);
            }
            try {
                return AuthResult.success(store.create(name, displayName, password));
            } catch (AccountExistsException taken) {
                throttle.recordAddressFailure(ip);
                return AuthResult.failure(AuthFailure.ACCOUNT_EXISTS);
            }
        });
    }

    /** Clears the account's failure count, as a login would: its password was just set by an administrator. */
    public void forgiveFailures(String name) {
        throttle.recordSuccess(name);
    }

    /**
     * Records a SASL attempt that failed before any account could be checked (a malformed message,
     * an authzid for someone else), so that every attempt is audited.
     */
    public CompletableFuture<AuthResult> refuse(String mechanism, String nameGiven, InetAddress ip,
                                                AuthFailure reason) {
        return submit(mechanism, nameGiven == null ? "" : nameGiven, ip, () -> AuthResult.failure(reason));
    }

    @Override
    public void close() {
        if (!ownsExecutor) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private AuthResult checkPassword(String mechanism, String name, String password, InetAddress ip,
                                     boolean secureTransport) {
        if (throttle.blockedFor(name, ip).isPresent()) {
            return AuthResult.failure(AuthFailure.THROTTLED);
        }
        Optional<StoredCredentials> found = AccountName.isValid(name) ? store.findCredentials(name) : Optional.empty();
        if (found.isEmpty()) {
            hasher.verifyDummy(password);
            throttle.recordFailure(name, ip);
            return AuthResult.failure(AuthFailure.BAD_CREDENTIALS);
        }
        StoredCredentials credentials = found.get();
        boolean matches;
        boolean legacy = false;
        if (credentials.passwordHash().isPresent()) {
            matches = hasher.verify(password, credentials.passwordHash().get());
        } else {
            // Argon2 anyway, so a legacy account answers as slowly as any other.
            hasher.verifyDummy(password);
            legacy = credentials.legacySha256().isPresent();
            matches = legacy && LegacySha256.matches(password, credentials.legacySha256().get());
        }
        if (!matches) {
            throttle.recordFailure(name, ip);
            return AuthResult.failure(AuthFailure.BAD_CREDENTIALS);
        }
        Account account = credentials.account();
        if (legacy && !secureTransport && !account.locked()) {
            return AuthResult.failure(AuthFailure.LEGACY_NEEDS_TLS);
        }
        AuthResult result = admit(account, name);
        if (result.succeeded() && (legacy || store.scramKeysOutdated(credentials)
                || hasher.needsRehash(credentials.passwordHash().get()))) {
            upgrade(account, password, legacy);
        }
        return result;
    }

    private AuthResult checkOperator(String name, String password, InetAddress ip, OperatorCredentials configured) {
        if (throttle.blockedFor(name, ip).isPresent()) {
            return AuthResult.failure(AuthFailure.THROTTLED);
        }
        boolean granted;
        Account account = null;
        if (configured.has(name)) {
            granted = configured.verify(name, password);
        } else {
            Optional<StoredCredentials> found = AccountName.isValid(name) ? store.findCredentials(name) : Optional.empty();
            if (found.isPresent() && found.get().passwordHash().isPresent()) {
                account = found.get().account();
                granted = hasher.verify(password, found.get().passwordHash().get())
                        && account.operator() && !account.locked();
            } else {
                hasher.verifyDummy(password);
                granted = false;
            }
        }
        if (!granted) {
            throttle.recordFailure(name, ip);
            return AuthResult.failure(AuthFailure.BAD_CREDENTIALS);
        }
        throttle.recordSuccess(name);
        return account != null ? AuthResult.success(account) : AuthResult.configuredOperator(name);
    }

    private AuthResult checkCertificate(Optional<String> fingerprint, String authzid, InetAddress ip) {
        Optional<Account> account = fingerprint.filter(fp -> !fp.isBlank()).flatMap(store::findByCertFingerprint);
        if (account.isEmpty()) {
            return AuthResult.failure(AuthFailure.BAD_CREDENTIALS);
        }
        if (!authzid.isEmpty() && !(AccountName.isValid(authzid)
                && AccountName.casefold(authzid).equals(account.get().key()))) {
            return AuthResult.failure(AuthFailure.NOT_AUTHORIZED);
        }
        return admit(account.get(), account.get().name());
    }

    /** The rules after the secret checked out. */
    private AuthResult admit(Account account, String nameGiven) {
        if (account.locked()) {
            return AuthResult.failure(AuthFailure.LOCKED);
        }
        throttle.recordSuccess(nameGiven);
        store.recordLogin(account.name(), clock.instant());
        return AuthResult.success(account);
    }

    /** A failed upgrade does not undo the login: the old hash still works and is tried again next time. */
    private void upgrade(Account account, String password, boolean legacy) {
        try {
            store.setPassword(account.name(), password);
            log.info("Upgraded the {} password hash of account {}", legacy ? "legacy" : "outdated", account.name());
        } catch (RuntimeException e) {
            log.warn("Could not upgrade the password hash of account {}", account.name(), e);
        }
    }

    private ScramLookup scramLookup(String name, InetAddress ip) {
        if (throttle.blockedFor(name, ip).isPresent()) {
            audit(MECHANISM_SCRAM, name, ip, AuthResult.failure(AuthFailure.THROTTLED));
            return refusedLookup(name, AuthFailure.THROTTLED);
        }
        Optional<StoredCredentials> found = AccountName.isValid(name) ? store.findCredentials(name) : Optional.empty();
        if (found.isPresent() && found.get().scram().isPresent()) {
            return new ScramLookup(name, Optional.of(found.get().account()), found.get().scram().get(), Optional.empty());
        }
        return new ScramLookup(name, Optional.empty(), fakeCredentials(name), Optional.empty());
    }

    private ScramLookup refusedLookup(String name, AuthFailure reason) {
        return new ScramLookup(name, Optional.empty(), fakeCredentialsWithoutStore(), Optional.of(reason));
    }

    /**
     * Keys no proof can match, with a salt derived from a persistent server secret and the name, so
     * asking twice (even across restarts) gives the same salt, as it would for a real account.
     */
    private ScramCredentials fakeCredentials(String name) {
        String key = AccountName.isValid(name) ? AccountName.casefold(name) : name.toLowerCase(Locale.ROOT);
        byte[] mac = ScramCredentials.hmac(fakeSaltSecret(), ("salt\0" + key).getBytes(StandardCharsets.UTF_8));
        return randomKeys(Arrays.copyOf(mac, ScramCredentials.SALT_BYTES));
    }

    private ScramCredentials fakeCredentialsWithoutStore() {
        byte[] salt = new byte[ScramCredentials.SALT_BYTES];
        random.nextBytes(salt);
        return randomKeys(salt);
    }

    private ScramCredentials randomKeys(byte[] salt) {
        byte[] storedKey = new byte[32];
        byte[] serverKey = new byte[32];
        random.nextBytes(storedKey);
        random.nextBytes(serverKey);
        return new ScramCredentials(salt, scramIterations, storedKey, serverKey);
    }

    private byte[] fakeSaltSecret() {
        byte[] secret = fakeSaltSecret;
        if (secret == null) {
            secret = store.serverSecret(FAKE_SALT_SECRET);
            fakeSaltSecret = secret;
        }
        return secret;
    }

    /** Runs a check on the executor, audits its result, and turns every failure into a result. */
    private CompletableFuture<AuthResult> submit(String mechanism, String nameGiven, InetAddress ip,
                                                 Supplier<AuthResult> check) {
        Objects.requireNonNull(ip, "ip");
        CompletableFuture<AuthResult> future = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                AuthResult result;
                try {
                    result = check.get();
                } catch (RuntimeException e) {
                    log.error("Could not check a {} login for account {} from {}", mechanism,
                            ClientText.forLog(nameGiven), ip.getHostAddress(), e);
                    result = AuthResult.failure(AuthFailure.UNAVAILABLE);
                }
                try {
                    audit(mechanism, nameGiven, ip, result);
                } catch (RuntimeException e) {
                    // Fail closed: a login that cannot be audited does not happen.
                    log.error("Could not audit a {} login for account {} from {}", mechanism,
                            ClientText.forLog(nameGiven), ip.getHostAddress(), e);
                    result = AuthResult.failure(AuthFailure.UNAVAILABLE);
                }
                future.complete(result);
            });
        } catch (RejectedExecutionException e) {
            warnQueueFull(ip);
            future.complete(AuthResult.failure(AuthFailure.UNAVAILABLE));
        }
        return future;
    }

    private void audit(String mechanism, String nameGiven, InetAddress ip, AuthResult result) {
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
        } else if (MECHANISM_OPER.equals(mechanism)) {
            log.info("OPER as configured operator {} from {}", ClientText.forLog(nameGiven), ip.getHostAddress());
        }
    }

    /** At most one warning a minute: under a flood, the log must not become the next problem. */
    private void warnQueueFull(InetAddress ip) {
        long now = clock.millis();
        long last = lastQueueFullWarning.get();
        if (now - last >= QUEUE_FULL_WARNING_INTERVAL.toMillis() && lastQueueFullWarning.compareAndSet(last, now)) {
            log.warn("Login checks are queued to the limit; refusing logins for now (latest from {})",
                    ip.getHostAddress());
        }
    }
}
