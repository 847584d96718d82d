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
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
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
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");
    private static final String ACCOUNT_COLUMNS = "id, name, display_name, created_at, last_login_at, locked, "
            + "operator, (password_hash IS NULL AND legacy_sha256 IS NOT NULL) AS legacy";

    private final Database db;
    private final PasswordHasher hasher;
    private final int scramIterations;
    private final Clock clock;
    private final SecureRandom random;
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
    }

    @Override
    public Account create(String name, String displayName, String password) {
        String key = AccountName.casefold(name);
        String display = checkDisplayName(displayName, name);
        Secrets secrets = derive(password);
        long now = clock.millis();
        Account account = db.write(c -> {
            if (idOf(c, key).isPresent()) {
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
            return findAccount(c, key).orElseThrow();
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
        Optional<String> key = keyOf(name);
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
        Optional<String> key = keyOf(name);
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
        Optional<String> key = keyOf(name);
        return key.isEmpty() ? Optional.empty() : db.read(c -> findAccount(c, key.get()));
    }

    @Override
    public Optional<StoredCredentials> findCredentials(String name) {
        Optional<String> key = keyOf(name);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        return db.read(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT " + ACCOUNT_COLUMNS + ", password_hash, "
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
                    return Optional.of(new StoredCredentials(account(row),
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
                    "SELECT " + ACCOUNT_COLUMNS + " FROM accounts ORDER BY name_key");
                 ResultSet row = query.executeQuery()) {
                List<Account> accounts = new ArrayList<>();
                while (row.next()) {
                    accounts.add(account(row));
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
        String fp = normalizeFingerprint(fingerprint);
        Optional<String> key = keyOf(name);
        if (key.isEmpty()) {
            return false;
        }
        long now = clock.millis();
        return db.write(c -> {
            Optional<Long> id = idOf(c, key.get());
            if (id.isEmpty()) {
                return false;
            }
            try (PreparedStatement owner = c.prepareStatement(
                    "SELECT account_id FROM account_certificates WHERE fingerprint = ?")) {
                owner.setString(1, fp);
                try (ResultSet row = owner.executeQuery()) {
                    if (row.next()) {
                        if (row.getLong(1) == id.get()) {
                            return true;
                        }
                        throw new IllegalArgumentException("that certificate already belongs to another account");
                    }
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO account_certificates (fingerprint, account_id, added_at) VALUES (?, ?, ?)")) {
                insert.setString(1, fp);
                insert.setLong(2, id.get());
                insert.setLong(3, now);
                insert.executeUpdate();
            }
            log.info("Added a certificate fingerprint to account {}", name);
            return true;
        });
    }

    @Override
    public boolean removeCertFingerprint(String name, String fingerprint) {
        String fp = normalizeFingerprint(fingerprint);
        Optional<String> key = keyOf(name);
        if (key.isEmpty()) {
            return false;
        }
        return db.write(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM account_certificates WHERE fingerprint = ? "
                    + "AND account_id = (SELECT id FROM accounts WHERE name_key = ?)")) {
                delete.setString(1, fp);
                delete.setString(2, key.get());
                return delete.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<String> certFingerprints(String name) {
        Optional<String> key = keyOf(name);
        if (key.isEmpty()) {
            return List.of();
        }
        return db.read(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT fingerprint FROM account_certificates "
                    + "WHERE account_id = (SELECT id FROM accounts WHERE name_key = ?) ORDER BY added_at, fingerprint")) {
                query.setString(1, key.get());
                try (ResultSet row = query.executeQuery()) {
                    List<String> fingerprints = new ArrayList<>();
                    while (row.next()) {
                        fingerprints.add(row.getString(1));
                    }
                    return fingerprints;
                }
            }
        });
    }

    @Override
    public Optional<Account> findByCertFingerprint(String fingerprint) {
        String fp;
        try {
            fp = normalizeFingerprint(fingerprint);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return db.read(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT " + ACCOUNT_COLUMNS + " FROM accounts "
                    + "WHERE id = (SELECT account_id FROM account_certificates WHERE fingerprint = ?)")) {
                query.setString(1, fp);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(account(row)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void recordLogin(String name, Instant at) {
        keyOf(name).ifPresent(key -> db.write(c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE accounts SET last_login_at = ? WHERE name_key = ?")) {
                update.setLong(1, at.toEpochMilli());
                update.setString(2, key);
                return update.executeUpdate();
            }
        }));
    }

    @Override
    public void audit(AuditEvent event) {
        db.write(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO login_audit "
                    + "(at, ip, account_name, mechanism, outcome) VALUES (?, ?, ?, ?, ?)")) {
                insert.setLong(1, event.at().toEpochMilli());
                insert.setString(2, event.ip());
                insert.setString(3, event.accountName());
                insert.setString(4, event.mechanism());
                insert.setString(5, event.outcome());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public List<AuditEvent> recentAudit(int limit) {
        return db.read(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT at, ip, account_name, mechanism, outcome "
                    + "FROM login_audit ORDER BY at DESC, id DESC LIMIT ?")) {
                query.setInt(1, Math.max(0, limit));
                try (ResultSet row = query.executeQuery()) {
                    List<AuditEvent> events = new ArrayList<>();
                    while (row.next()) {
                        events.add(new AuditEvent(Instant.ofEpochMilli(row.getLong(1)), row.getString(2),
                                row.getString(3), row.getString(4), row.getString(5)));
                    }
                    return events;
                }
            }
        });
    }

    @Override
    public int pruneAudit(Instant before) {
        return db.write(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM login_audit WHERE at < ?")) {
                delete.setLong(1, before.toEpochMilli());
                return delete.executeUpdate();
            }
        });
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
                if (!seen.add(key) || idOf(c, key).isPresent()) {
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

    @Override
    public byte[] serverSecret(String purpose) {
        Objects.requireNonNull(purpose, "purpose");
        SqlSecret existing = db.read(c -> readSecret(c, purpose));
        if (existing.value != null) {
            return existing.value;
        }
        byte[] fresh = new byte[32];
        random.nextBytes(fresh);
        return db.write(c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT OR IGNORE INTO server_secrets (name, value) VALUES (?, ?)")) {
                insert.setString(1, purpose);
                insert.setBytes(2, fresh);
                insert.executeUpdate();
            }
            return readSecret(c, purpose).value;
        });
    }

    private record SqlSecret(byte[] value) {
    }

    private static SqlSecret readSecret(Connection c, String purpose) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT value FROM server_secrets WHERE name = ?")) {
            query.setString(1, purpose);
            try (ResultSet row = query.executeQuery()) {
                return new SqlSecret(row.next() ? row.getBytes(1) : null);
            }
        }
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
        Optional<String> key = keyOf(name);
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

    private static Optional<Account> findAccount(Connection c, String key) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT " + ACCOUNT_COLUMNS + " FROM accounts WHERE name_key = ?")) {
            query.setString(1, key);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(account(row)) : Optional.empty();
            }
        }
    }

    private static Optional<Long> idOf(Connection c, String key) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT id FROM accounts WHERE name_key = ?")) {
            query.setString(1, key);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
            }
        }
    }

    private static Account account(ResultSet row) throws SQLException {
        long lastLogin = row.getLong("last_login_at");
        Optional<Instant> lastLoginAt = row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastLogin));
        return new Account(row.getLong("id"), row.getString("name"), row.getString("display_name"),
                Instant.ofEpochMilli(row.getLong("created_at")), lastLoginAt, row.getInt("locked") == 1,
                row.getInt("operator") == 1, row.getInt("legacy") == 1);
    }

    /** Lookups by an invalid name find nothing rather than throwing: names come from clients. */
    private static Optional<String> keyOf(String name) {
        return AccountName.isValid(name) ? Optional.of(AccountName.casefold(name)) : Optional.empty();
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

    static String normalizeFingerprint(String fingerprint) {
        String fp = fingerprint == null ? "" : fingerprint.replace(":", "").strip().toLowerCase(Locale.ROOT);
        if (!FINGERPRINT.matcher(fp).matches()) {
            throw new IllegalArgumentException("a certificate fingerprint must be a SHA-256 in hex (64 digits)");
        }
        return fp;
    }
}
