package dev.parley.server.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where accounts live. The server's login checks, the configuration's {@code [[accounts]]} and
 * every {@code parley admin} subcommand (add, passwd, remove, lock, unlock, list, oper, import)
 * go through this interface, so that another database (e.g. PostgreSQL) can be put behind it.
 *
 * <p>Names are looked up case-insensitively (see {@link AccountName}); an invalid name is simply
 * not found, except where an account is created, which throws {@link IllegalArgumentException}.
 * Methods that take a password hash it (Argon2id plus SCRAM keys), which is slow and
 * memory-hungry, and every method blocks on storage: never call them on a network thread.
 * Methods that act on one account return {@code false} when there is no such account.
 */
public interface AccountStore {

    /**
     * Creates an account with a password ({@code parley admin add}).
     *
     * @throws AccountExistsException   if the name is taken in any letter case
     * @throws IllegalArgumentException if the name, display name or password is not acceptable
     */
    Account create(String name, String displayName, String password);

    /**
     * Sets a new password (Argon2id and SCRAM keys) and forgets any legacy hash
     * ({@code parley admin passwd}, and the upgrade after a legacy or outdated-hash login).
     */
    boolean setPassword(String name, String password);

    boolean setDisplayName(String name, String displayName);

    /** Removes the account with its certificates ({@code parley admin remove}); audit rows stay. */
    boolean remove(String name);

    /** Locks or unlocks; a locked account cannot log in by any mechanism. */
    boolean setLocked(String name, boolean locked);

    /** Grants or withdraws server-operator rights ({@code parley admin oper on|off}). */
    boolean setOperator(String name, boolean operator);

    Optional<Account> find(String name);

    /** The account with the secrets a login is checked against. */
    Optional<StoredCredentials> findCredentials(String name);

    /** All accounts, ordered by casefolded name ({@code parley admin list}). */
    List<Account> list();

    /** The casefolded names of every account, for a cache that must not query per command. */
    Set<String> keys();

    /**
     * Lets a client certificate log in to the account with SASL EXTERNAL. Adding a fingerprint the
     * account already has is a no-op.
     *
     * @param fingerprint SHA-256 of the DER certificate in hex, with or without ':' separators
     * @throws IllegalArgumentException if the fingerprint is malformed or belongs to another account
     */
    boolean addCertFingerprint(String name, String fingerprint);

    /** Returns whether the account had that fingerprint. */
    boolean removeCertFingerprint(String name, String fingerprint);

    /** The account's fingerprints, lowercase hex without separators. */
    List<String> certFingerprints(String name);

    Optional<Account> findByCertFingerprint(String fingerprint);

    /** Notes a successful login. */
    void recordLogin(String name, Instant at);

    /** Deletes every account's SCRAM keys (SCRAM turned off); returns how many accounts had some. */
    int forgetScramKeys();

    /**
     * Whether an account's SCRAM keys should be made again at its next password login: missing,
     * weaker than the iteration count now configured, or kept although SCRAM is off.
     */
    boolean scramKeysOutdated(StoredCredentials credentials);

    /** Appends a row to the login audit trail. */
    void audit(AuditEvent event);

    /** The latest audit rows, newest first. */
    List<AuditEvent> recentAudit(int limit);

    /** Deletes audit rows older than {@code before}; returns how many. */
    int pruneAudit(Instant before);

    /**
     * Creates accounts from a seed member file in one transaction, each with the member's legacy
     * hash (replaced on first login). Members whose account exists are skipped, never
     * overwritten. With {@code dryRun} nothing is written and the result says what would happen.
     */
    ImportResult importLegacy(List<SeedMember> members, boolean dryRun);

    /**
     * Makes an account declared in the configuration exist with this password, on start and on
     * reload. An existing account keeps its stored hash when the password still matches, so a
     * reload does not re-hash every account; its lock and operator flags are left alone.
     *
     * @param displayName the new display name, or empty to keep it (a new account gets its name)
     */
    UpsertResult upsert(String name, String password, Optional<String> displayName);

    /**
     * A random 32-byte secret for {@code purpose}, created on first use and the same ever after
     * (e.g. for SCRAM salts of unknown accounts, which must not change across restarts).
     */
    byte[] serverSecret(String purpose);
}
