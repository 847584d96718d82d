package dev.parley.server.account;

import dev.parley.server.store.Database;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AccountStore} on the embedded SQLite {@link Database}. The {@code accounts} rows are
 * kept here; their secret columns ({@link SqliteCredentials}), certificates, the audit trail, server
 * secrets, the seed import and the configured accounts' upsert each have a class of their own.
 *
 * <p>Passwords are hashed before the write transaction starts, so the single writer is never held
 * for the length of an Argon2 computation.
 */
public final class SqliteAccountStore implements AccountStore {

    public static final int MAX_DISPLAY_NAME_LENGTH = DisplayName.MAX_LENGTH;

    private static final Logger log = LoggerFactory.getLogger(SqliteAccountStore.class);

    private final Database db;
    private final Clock clock;
    private final SqliteCredentials credentials;
    private final SqliteCertificates certificates;
    private final SqliteLoginAudit loginAudit;
    private final SqliteServerSecrets secrets;
    private final SqliteSeedImport seedImport;
    private final AccountUpsert upserts;
    private volatile Runnable namesChanged = () -> { };

    /** A store with default Argon2id parameters and SCRAM iteration count. */
    public SqliteAccountStore(Database db) {
        this(db, ScramCredentials.DEFAULT_ITERATIONS);
    }

    /** @param scramIterations PBKDF2 iterations of new SCRAM keys; 0 keeps no SCRAM keys at all */
    public SqliteAccountStore(Database db, int scramIterations) {
        this(db, new PasswordHasher(), scramIterations, Clock.systemUTC(), new SecureRandom());
    }

    public SqliteAccountStore(Database db, PasswordHasher hasher, int scramIterations, Clock clock,
                              SecureRandom random) {
        this.db = Objects.requireNonNull(db, "db");
        Objects.requireNonNull(hasher, "hasher");
        if (scramIterations < 0) {
            throw new IllegalArgumentException("scramIterations must not be negative");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        this.credentials = new SqliteCredentials(db, hasher, scramIterations, random);
        this.certificates = new SqliteCertificates(db, clock);
        this.loginAudit = new SqliteLoginAudit(db);
        this.secrets = new SqliteServerSecrets(db, random);
        this.seedImport = new SqliteSeedImport(db, clock);
        this.upserts = new AccountUpsert(this, hasher);
    }

    @Override
    public Account create(String name, String displayName, String password) {
        String key = AccountName.casefold(name);
        String display = DisplayName.check(displayName, name);
        SqliteCredentials.Secrets secrets = credentials.derive(password);
        long now = clock.millis();
        Account account = db.write(c -> {
            if (AccountRows.idOf(c, key).isPresent()) {
                throw new AccountExistsException(name);
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO accounts (name, name_key, display_name, "
                    + "password_hash, scram_salt, scram_iterations, scram_stored_key, scram_server_key, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, name);
                insert.setString(2, key);
                insert.setString(3, display);
                secrets.bind(insert, 4);
                insert.setLong(9, now);
                insert.executeUpdate();
            }
            return AccountRows.findAccount(c, key).orElseThrow();
        });
        log.info("Created account {}", name);
        namesChanged.run();
        return account;
    }

    /** Runs {@code listener} after this store adds or removes accounts (the running server's name cache). */
    public void whenNamesChange(Runnable listener) {
        namesChanged = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public boolean setPassword(String name, String password) {
        Optional<String> key = AccountRows.keyOf(name);
        if (key.isEmpty() || find(name).isEmpty()) {
            return false;
        }
        boolean changed = credentials.setPassword(key.get(), password);
        if (changed) {
            log.info("Set a new password for account {}", name);
        }
        return changed;
    }

    @Override
    public boolean setDisplayName(String name, String displayName) {
        String display = DisplayName.check(displayName, name);
        return updateFlagOrText(name, "display_name", display);
    }

    @Override
    public boolean remove(String name) {
        Optional<String> key = AccountRows.keyOf(name);
        if (key.isEmpty()) {
            return false;
        }
        boolean removed = db.write(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM accounts WHERE name_key = ?")) {
                delete.setString(1, key.get());
                return delete.executeUpdate() == 1;
            }
        });
        if (removed) {
            log.info("Removed account {}", name);
            namesChanged.run();
        }
        return removed;
    }

    @Override
    public boolean setLocked(String name, boolean locked) {
        boolean changed = updateFlagOrText(name, "locked", locked ? 1 : 0);
        if (changed) {
            log.info("{} account {}", locked ? "Locked" : "Unlocked", name);
        }
        return changed;
    }

    @Override
    public boolean setOperator(String name, boolean operator) {
        boolean changed = updateFlagOrText(name, "operator", operator ? 1 : 0);
        if (changed) {
            log.info("{} operator rights for account {}", operator ? "Granted" : "Withdrew", name);
        }
        return changed;
    }

    @Override
    public Optional<Account> find(String name) {
        Optional<String> key = AccountRows.keyOf(name);
        return key.isEmpty() ? Optional.empty() : db.read(c -> AccountRows.findAccount(c, key.get()));
    }

    @Override
    public Optional<StoredCredentials> findCredentials(String name) {
        Optional<String> key = AccountRows.keyOf(name);
        return key.isEmpty() ? Optional.empty() : credentials.find(key.get());
    }

    @Override
    public List<Account> list() {
        return db.read(c -> {
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT " + AccountRows.COLUMNS + " FROM accounts ORDER BY name_key");
                 ResultSet row = query.executeQuery()) {
                List<Account> accounts = new ArrayList<>();
                while (row.next()) {
                    accounts.add(AccountRows.account(row));
                }
                return accounts;
            }
        });
    }

    @Override
    public Set<String> keys() {
        return db.read(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT name_key FROM accounts");
                 ResultSet row = query.executeQuery()) {
                Set<String> keys = new HashSet<>();
                while (row.next()) {
                    keys.add(row.getString(1));
                }
                return keys;
            }
        });
    }

    @Override
    public boolean addCertFingerprint(String name, String fingerprint) {
        return certificates.add(name, fingerprint);
    }

    @Override
    public boolean removeCertFingerprint(String name, String fingerprint) {
        return certificates.remove(name, fingerprint);
    }

    @Override
    public List<String> certFingerprints(String name) {
        return certificates.of(name);
    }

    @Override
    public Optional<Account> findByCertFingerprint(String fingerprint) {
        return certificates.owner(fingerprint);
    }

    @Override
    public void audit(AuditEvent event) {
        loginAudit.record(event);
    }

    @Override
    public List<AuditEvent> recentAudit(int limit) {
        return loginAudit.recent(limit);
    }

    @Override
    public int pruneAudit(Instant before) {
        return loginAudit.prune(before);
    }

    @Override
    public byte[] serverSecret(String purpose) {
        return secrets.get(purpose);
    }

    @Override
    public void recordLogin(String name, Instant at) {
        AccountRows.keyOf(name).ifPresent(key -> db.write(c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE accounts SET last_login_at = ? WHERE name_key = ?")) {
                update.setLong(1, at.toEpochMilli());
                update.setString(2, key);
                return update.executeUpdate();
            }
        }));
    }

    @Override
    public ImportResult importLegacy(List<SeedMember> members, boolean dryRun) {
        ImportResult result = seedImport.run(members, dryRun);
        if (!dryRun && result.created() > 0) {
            namesChanged.run();
        }
        return result;
    }

    @Override
    public UpsertResult upsert(String name, String password, Optional<String> displayName) {
        return upserts.upsert(name, password, displayName);
    }

    @Override
    public int forgetScramKeys() {
        return credentials.forgetScramKeys();
    }

    @Override
    public boolean scramKeysOutdated(StoredCredentials stored) {
        return credentials.scramKeysOutdated(stored);
    }

    private boolean updateFlagOrText(String name, String column, Object value) {
        Optional<String> key = AccountRows.keyOf(name);
        if (key.isEmpty()) {
            return false;
        }
        return db.write(c -> {
            // column is one of this class's own constants, never input.
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE accounts SET " + column + " = ? WHERE name_key = ?")) {
                if (value instanceof Integer i) {
                    update.setInt(1, i);
                } else if (value instanceof String s) {
                    update.setString(1, s);
                } else {
                    update.setNull(1, Types.NULL);
                }
                update.setString(2, key.get());
                return update.executeUpdate() == 1;
            }
        });
    }
}
