package dev.parley.server.account;

import dev.parley.server.config.ParleyConfig;
import dev.parley.server.store.Database;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything about accounts the running server needs, in one place: the database, the store, the
 * login checks (on their own small pool, never on the event loop), and the configured
 * accounts and operators, re-applied on every reload.
 */
public final class AccountServices implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("parley.accounts");

    private final Database database;
    private final AccountStore store;
    private final PasswordHasher hasher;
    private final ExecutorService work;
    private final Authenticator authenticator;
    private volatile OperatorCredentials operators;
    private volatile int auditRetentionDays;
    private final AccountNames names;
    /** Prunes the audit trail daily and re-reads the account names each minute, off the login pool. */
    private final ScheduledExecutorService pruner = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "parley-audit-prune");
        thread.setDaemon(true);
        return thread;
    });

    private AccountServices(Database database, ParleyConfig.AuthSection auth) {
        this.database = database;
        SqliteAccountStore sqlite = new SqliteAccountStore(database, auth.scramKeyIterations());
        this.store = sqlite;
        this.names = new AccountNames(sqlite);
        sqlite.whenNamesChange(names::refresh);
        this.hasher = new PasswordHasher();
        // One core is left to the event loops: a burst of logins queues up instead of stalling chat.
        this.work = Authenticator.newExecutor(Math.max(1, Runtime.getRuntime().availableProcessors() - 1), 64);
        this.authenticator = new Authenticator(store, hasher, new LoginThrottle(Clock.systemUTC()), work,
                Clock.systemUTC(), auth.scramIterations());
        if (!auth.scram()) {
            int forgotten = store.forgetScramKeys();
            if (forgotten > 0) {
                LOG.info("SCRAM is off: deleted the SCRAM keys of {} accounts", forgotten);
            }
        }
    }

    /** Opens (creating and migrating) the database in the configured data folder. */
    public static AccountServices open(ParleyConfig config) {
        AccountServices services = new AccountServices(Database.open(config.storage().dataDir()), config.auth());
        services.apply(config);
        services.pruner.scheduleWithFixedDelay(services::pruneAudit, 1, TimeUnit.DAYS.toMinutes(1), TimeUnit.MINUTES);
        services.pruner.scheduleWithFixedDelay(services.names::refresh, 1, 1, TimeUnit.MINUTES);
        return services;
    }

    /**
     * Deletes audit rows older than {@code [auth] audit_retention_days}; returns how many. Runs a
     * minute after start and then daily.
     */
    public int pruneAudit() {
        try {
            int deleted = store.pruneAudit(Instant.now().minus(Duration.ofDays(auditRetentionDays)));
            if (deleted > 0) {
                LOG.info("Audit trail: {} rows older than {} days deleted", deleted, auditRetentionDays);
            }
            return deleted;
        } catch (RuntimeException e) {
            LOG.error("Could not prune the audit trail: {}", e.toString());
            return 0;
        }
    }

    /** Creates or updates the {@code [[accounts]]} of the config and re-reads {@code [[operators]]}. */
    public void apply(ParleyConfig config) {
        for (ParleyConfig.CredentialSection account : config.accounts()) {
            UpsertResult result = store.upsert(account.name(), account.password(), account.displayName());
            if (result != UpsertResult.UNCHANGED) {
                LOG.info("Account {} from the configuration: {}", account.name(), result);
                // The administrator has just set this account's password: failures counted before
                // (clients trying it while it did not exist yet) no longer hold it back.
                authenticator.forgiveFailures(account.name());
            }
        }
        operators = new OperatorCredentials(hasher, config.operators());
        names.refresh();
        auditRetentionDays = config.auth().auditRetentionDays();
    }

    /** The database accounts live in (history shares it). */
    public Database database() {
        return database;
    }

    public AccountStore store() {
        return store;
    }

    /** Through which every login is decided (SASL mechanisms are built on it). */
    public Authenticator authenticator() {
        return authenticator;
    }

    /**
     * Checks OPER credentials: a configured operator, or an account flagged as operator with its own
     * password, through the login throttle and audit trail. Completes on the login pool, true only
     * when granted; never throws.
     */
    public CompletableFuture<Boolean> verifyOperator(String name, String password, InetAddress address) {
        return authenticator.authenticateOperator(name, password, address, operators)
                .thenApply(AuthResult::succeeded);
    }

    /** Checks the configured server password (PASS) through the login throttle and audit trail. */
    public CompletableFuture<Boolean> verifyServerPassword(String expected, String given, InetAddress address) {
        return authenticator.authenticateServerPassword(expected, given, address).thenApply(AuthResult::succeeded);
    }

    /** Audits an OPER refused before its password was looked at (it came over plaintext). */
    public void refuseOperator(String name, InetAddress address, AuthFailure reason) {
        authenticator.refuse(Authenticator.MECHANISM_OPER, name, address, reason);
    }

    /** The stored name of the account called {@code name}, if there is one; completes on the login pool. */
    public CompletableFuture<Optional<String>> findMember(String name) {
        if (!AccountName.isValid(name)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return onPool(() -> store.find(name).map(Account::name));
    }

    /**
     * Whether logins can be checked now: the login pool takes work and the database answers a
     * read. Completes (on the login pool) false rather than failing; a full pool, which would
     * refuse a login too, counts as false at once.
     */
    public CompletableFuture<Boolean> acceptsLogins() {
        return onPool(() -> {
            try {
                return database.read(connection -> {
                    try (var statement = connection.createStatement();
                         var rows = statement.executeQuery("SELECT 1 FROM accounts LIMIT 1")) {
                        return true; // the table answered, whether or not it has rows
                    }
                });
            } catch (RuntimeException e) {
                LOG.warn("Health check: the account database does not answer: {}", e.toString());
                return false;
            }
        }).exceptionally(full -> false);
    }

    /** Creates an account a client asked for (self-registration), throttled and audited; on the login pool. */
    public CompletableFuture<AuthResult> register(String name, String displayName, String password,
                                                  InetAddress address) {
        return authenticator.register(name, displayName, password, address);
    }

    /**
     * Runs {@code task} on the login pool. A full pool fails the future instead of throwing, so a
     * caller that suspended its session always gets its answer.
     */
    private <T> CompletableFuture<T> onPool(java.util.function.Supplier<T> task) {
        try {
            return CompletableFuture.supplyAsync(task, work);
        } catch (RejectedExecutionException full) {
            return CompletableFuture.failedFuture(full);
        }
    }

    /**
     * Whether {@code nick} names an account other than {@code loggedInAs}; from memory, so safe on
     * an event loop (see {@link AccountNames}).
     */
    public boolean nickReservedAgainst(String nick, Optional<String> loggedInAs) {
        return names.reservedAgainst(nick, loggedInAs);
    }

    @Override
    public void close() {
        pruner.shutdownNow();
        authenticator.close();
        work.shutdown();
        try {
            work.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        database.close();
    }
}
