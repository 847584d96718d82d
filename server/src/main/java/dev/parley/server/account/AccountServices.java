package dev.parley.server.account;

import dev.parley.server.config.ParleyConfig;
import dev.parley.server.store.Database;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
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

    private AccountServices(Database database) {
        this.database = database;
        this.store = new SqliteAccountStore(database);
        this.hasher = new PasswordHasher();
        // One core is left to the event loops: a burst of logins queues up instead of stalling chat.
        this.work = Authenticator.newExecutor(Math.max(1, Runtime.getRuntime().availableProcessors() - 1), 64);
        this.authenticator = new Authenticator(store, hasher, new LoginThrottle(Clock.systemUTC()), work,
                Clock.systemUTC(), ScramCredentials.DEFAULT_ITERATIONS);
    }

    /** Opens (creating and migrating) the database in the configured data folder. */
    public static AccountServices open(ParleyConfig config) {
        AccountServices services = new AccountServices(Database.open(config.storage().dataDir()));
        services.apply(config);
        return services;
    }

    /** Creates or updates the {@code [[accounts]]} of the config and re-reads {@code [[operators]]}. */
    public void apply(ParleyConfig config) {
        for (ParleyConfig.CredentialSection account : config.accounts()) {
            UpsertResult result = store.upsert(account.name(), account.password(), account.displayName());
            if (result != UpsertResult.UNCHANGED) {
                LOG.info("Account {} from the configuration: {}", account.name(), result);
            }
        }
        operators = new OperatorCredentials(hasher, config.operators());
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
     * password. Completes on the login pool.
     */
    public CompletableFuture<Boolean> verifyOperator(String name, String password, InetAddress address,
                                                     boolean secure) {
        OperatorCredentials configured = operators;
        if (configured.has(name)) {
            return CompletableFuture.supplyAsync(() -> configured.verify(name, password), work);
        }
        return authenticator.authenticatePassword("OPER", name, password, address, secure)
                .thenApply(result -> result instanceof AuthResult.Success success && success.account().operator());
    }

    /** The stored name of the account called {@code name}, if there is one; completes on the login pool. */
    public CompletableFuture<Optional<String>> findMember(String name) {
        if (!AccountName.isValid(name)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return CompletableFuture.supplyAsync(() -> store.find(name).map(Account::name), work);
    }

    /**
     * Whether logins can be checked now: the login pool takes work and the database answers a
     * read. Completes (on the login pool) false rather than failing; a full pool, which would
     * refuse a login too, counts as false at once.
     */
    public CompletableFuture<Boolean> acceptsLogins() {
        try {
            return CompletableFuture.supplyAsync(() -> {
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
            }, work);
        } catch (RejectedExecutionException full) {
            return CompletableFuture.completedFuture(false);
        }
    }

    /** Creates an account a client asked for (self-registration); completes on the login pool. */
    public CompletableFuture<Account> register(String name, String displayName, String password) {
        return CompletableFuture.supplyAsync(() -> store.create(name, displayName, password), work);
    }

    /**
     * Whether {@code nick} names an account other than {@code loggedInAs}. A single indexed read of
     * the local database, cheap enough to run inline.
     */
    public boolean nickReservedAgainst(String nick, Optional<String> loggedInAs) {
        if (!AccountName.isValid(nick)) {
            return false;
        }
        if (loggedInAs.isPresent() && AccountName.casefold(loggedInAs.get()).equals(AccountName.casefold(nick))) {
            return false;
        }
        try {
            return store.find(nick).isPresent();
        } catch (RuntimeException e) {
            LOG.warn("Could not check whether nick {} is an account's: {}", nick, e.toString());
            return false;
        }
    }

    @Override
    public void close() {
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
