package dev.parley.server.account;

import dev.parley.server.store.Database;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * {@link AccountStore} on the embedded SQLite {@link Database}.
 *
 * <p>Passwords are hashed before the write transaction starts, so the single writer is never held
 * for the length of an Argon2 computation.
 */
public final class SqliteAccountStore implements AccountStore {

    public static final int MAX_DISPLAY_NAME_LENGTH = SeedMemberFile.MAX_NAME_LENGTH;

    private static final Logger log = LoggerFactory.getLogger(SqliteAccountStore.class);

    private final Database db;
    private final PasswordHasher hasher;
    private final int scramIterations;
    private final Clock clock;
    private final SecureRandom random;
    private final SqliteCertificates certificates;
    private final SqliteLoginAudit loginAudit;
    private final SqliteServerSecrets secrets;
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
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        if (scramIterations < 0) {
            throw new IllegalArgumentException("scramIterations must not be negative");
        }
        this.scramIterations = scramIterations;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.certificates = new SqliteCertificates(db, clock);
        this.loginAudit = new SqliteLoginAudit(db);
        this.secrets = new SqliteServerSecrets(db, random);
    }

    @Override
    public Account create(String name, String displayName, String password) {
        String key = AccountName.casefold(name);
        String display = checkDisplayName(displayName, name);
        Secrets secrets = derive(password);
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
                bindSecrets(insert, 4, secrets);
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
        Secrets secrets = derive(password);
        boolean changed = db.write(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE accounts SET password_hash = ?, "
                    + "scram_salt = ?, scram_iterations = ?, scram_stored_key = ?, scram_server_key = ?, "
                    + "legacy_sha256 = NULL WHERE name_key = ?")) {
                bindSecrets(update, 1, secrets);
                update.setString(6, key.get());
                return update.executeUpdate() == 1;
            }
        });
        if (changed) {
            log.info("Set a new password for account {}", name);
        }
        return changed;
    }

    @Override
    public boolean setDisplayName(String name, String displayName) {
        String display = checkDisplayName(displayName, name);
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
        if (key.isEmpty()) {
            return Optional.empty();
        }
        return db.read(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT " + AccountRows.COLUMNS + ", password_hash, "
                    + "scram_salt, scram_iterations, scram_stored_key, scram_server_key, legacy_sha256 "
                    + "FROM accounts WHERE name_key = ?")) {
                query.setString(1, key.get());
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    Optional<ScramCredentials> scram = row.getBytes("scram_salt") == null ? Optional.empty()
                            : Optional.of(new ScramCredentials(row.getBytes("scram_salt"), row.getInt("scram_iterations"),
                                    row.getBytes("scram_stored_key"), row.getBytes("scram_server_key")));
                    return Optional.of(new StoredCredentials(AccountRows.account(row),
                            Optional.ofNullable(row.getString("password_hash")), scram,
                            Optional.ofNullable(row.getString("legacy_sha256"))));
                }
            }
        });
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
        for (SeedMember member : members) {
            checkDisplayName(member.realName(), member.memberNumber());
        }
        long now = clock.millis();
        ImportResult result = dryRun ? db.read(c -> importInto(c, members, true, now))
                : db.write(c -> importInto(c, members, false, now));
        log.info("{} seed members: {} accounts {}, {} already existed", dryRun ? "Dry run of importing" : "Imported",
                result.created(), dryRun ? "would be created" : "created", result.alreadyExisting().size());
        if (!dryRun && result.created() > 0) {
            namesChanged.run();
        }
        return result;
    }

    private ImportResult importInto(Connection c, List<SeedMember> members, boolean dryRun, long now)
            throws SQLException {
        int created = 0;
        List<String> existing = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO accounts (name, name_key, display_name, "
                + "legacy_sha256, created_at) VALUES (?, ?, ?, ?, ?)")) {
            for (SeedMember member : members) {
                String key = AccountName.casefold(member.memberNumber());
                if (!seen.add(key) || AccountRows.idOf(c, key).isPresent()) {
                    existing.add(member.memberNumber());
                    continue;
                }
                if (!dryRun) {
                    insert.setString(1, member.memberNumber());
                    insert.setString(2, key);
                    insert.setString(3, member.realName());
                    insert.setString(4, member.sha256Hex());
                    insert.setLong(5, now);
                    insert.executeUpdate();
                }
                created++;
            }
        }
        return new ImportResult(created, existing, dryRun);
    }

    @Override
    public UpsertResult upsert(String name, String password, Optional<String> displayName) {
        AccountName.requireValid(name);
        Optional<StoredCredentials> current = findCredentials(name);
        if (current.isEmpty()) {
            try {
                create(name, displayName.orElse(name), password);
                return UpsertResult.CREATED;
            } catch (AccountExistsException raced) {
                // Created by the other process in the meantime: update it like an existing one.
                current = findCredentials(name);
                if (current.isEmpty()) {
                    throw raced;
                }
            }
        }
        StoredCredentials stored = current.get();
        boolean displayChanged = displayName.isPresent()
                && !checkDisplayName(displayName.get(), name).equals(stored.account().displayName());
        if (displayChanged) {
            setDisplayName(name, displayName.get());
        }
        boolean passwordMatches = stored.passwordHash().isPresent() && !scramKeysOutdated(stored)
                && hasher.verify(password, stored.passwordHash().get());
        if (!passwordMatches) {
            setPassword(name, password);
            return UpsertResult.UPDATED;
        }
        if (hasher.needsRehash(stored.passwordHash().get())) {
            setPassword(name, password);
        }
        return displayChanged ? UpsertResult.UPDATED : UpsertResult.UNCHANGED;
    }

    /** What is stored when a password is set. */
    private record Secrets(String passwordHash, ScramCredentials scram) {
    }

    private Secrets derive(String password) {
        checkPassword(password);
        return new Secrets(hasher.hash(password),
                scramIterations == 0 ? null : ScramCredentials.generate(password, scramIterations, random));
    }

    private static void bindSecrets(PreparedStatement statement, int first, Secrets secrets) throws SQLException {
        statement.setString(first, secrets.passwordHash());
        ScramCredentials scram = secrets.scram();
        statement.setBytes(first + 1, scram == null ? null : scram.salt());
        if (scram == null) {
            statement.setNull(first + 2, java.sql.Types.INTEGER);
        } else {
            statement.setInt(first + 2, scram.iterations());
        }
        statement.setBytes(first + 3, scram == null ? null : scram.storedKey());
        statement.setBytes(first + 4, scram == null ? null : scram.serverKey());
    }

    @Override
    public int forgetScramKeys() {
        return db.write(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE accounts SET scram_salt = NULL, "
                    + "scram_iterations = NULL, scram_stored_key = NULL, scram_server_key = NULL "
                    + "WHERE scram_salt IS NOT NULL")) {
                return update.executeUpdate();
            }
        });
    }

    @Override
    public boolean scramKeysOutdated(StoredCredentials credentials) {
        return scramIterations == 0 ? credentials.scram().isPresent()
                : credentials.scram().map(k -> k.iterations() < scramIterations).orElse(true);
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

    /** A blank display name means the account name; control characters would garble terminals. */
    private static String checkDisplayName(String displayName, String name) {
        String display = displayName == null ? "" : displayName.strip();
        if (display.isEmpty()) {
            return name;
        }
        if (display.length() > MAX_DISPLAY_NAME_LENGTH) {
            throw new IllegalArgumentException("display name is longer than " + MAX_DISPLAY_NAME_LENGTH + " characters");
        }
        if (display.codePoints().anyMatch(cp -> Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT)) {
            throw new IllegalArgumentException("display name contains control characters");
        }
        return display;
    }

    /** NUL, CR and LF cannot be sent in an IRC line or SASL PLAIN, so such a password could never be used. */
    private static void checkPassword(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("password is empty");
        }
        if (password.indexOf('\0') >= 0 || password.indexOf('\r') >= 0 || password.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("password contains NUL, CR or LF");
        }
    }
}
