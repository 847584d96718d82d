package dev.parley.server.account;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules that decide each kind of login, run on the {@link LoginPool} once the
 * {@link Authenticator} has queued the check:
 * <ul>
 *   <li>an unknown account costs the same hash as a wrong password and fails the same way;</li>
 *   <li>a throttled account or address is refused before any password is looked at;</li>
 *   <li>a locked account is refused, but only to someone who gave its right password;</li>
 *   <li>a legacy SHA-256 password is only accepted over TLS, and is then replaced by Argon2id
 *       and SCRAM keys (as is a hash with outdated parameters).</li>
 * </ul>
 * Each check blocks (Argon2, storage) and returns its result; auditing it is the pool's job.
 */
final class LoginRules {
    // Logs as the Authenticator: log settings set the level of every login line by that one name.
    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);

    private final AccountStore store;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final LoginAuditor auditor;
    private final FakeScramKeys fakeKeys;

    LoginRules(AccountStore store, PasswordHasher hasher, LoginThrottle throttle, Clock clock,
               LoginAuditor auditor, FakeScramKeys fakeKeys) {
        this.store = store;
        this.hasher = hasher;
        this.throttle = throttle;
        this.clock = clock;
        this.auditor = auditor;
        this.fakeKeys = fakeKeys;
    }

    AuthResult checkPassword(String name, String password, InetAddress ip, boolean secureTransport) {
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

    /** A failure never tells a known name from an unknown (see {@link Authenticator#authenticateOperator}). */
    AuthResult checkOperator(String name, String password, InetAddress ip, OperatorCredentials configured) {
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

    AuthResult checkCertificate(Optional<String> fingerprint, String authzid) {
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

    /** The keys a SCRAM exchange checks against: the account's, or fake ones no proof can match. */
    ScramLookup scramLookup(String name, InetAddress ip) {
        if (throttle.blockedFor(name, ip).isPresent()) {
            // Audited here: a lookup is no login check, so the pool does not audit it.
            auditor.record(Authenticator.MECHANISM_SCRAM, name, ip, AuthResult.failure(AuthFailure.THROTTLED));
            return refusedLookup(name, AuthFailure.THROTTLED);
        }
        Optional<StoredCredentials> found = AccountName.isValid(name) ? store.findCredentials(name) : Optional.empty();
        if (found.isPresent() && found.get().scram().isPresent()) {
            return new ScramLookup(name, Optional.of(found.get().account()), found.get().scram().get(), Optional.empty());
        }
        return new ScramLookup(name, Optional.empty(), fakeKeys.forName(name), Optional.empty());
    }

    ScramLookup refusedLookup(String name, AuthFailure reason) {
        return new ScramLookup(name, Optional.empty(), fakeKeys.withoutStore(), Optional.of(reason));
    }

    AuthResult checkScramProof(ScramLookup lookup, byte[] clientProof, byte[] authMessage, InetAddress ip) {
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
    }

    AuthResult checkServerPassword(String expected, String given, InetAddress ip) {
        if (throttle.addressBlockedFor(ip).isPresent()) {
            return AuthResult.failure(AuthFailure.THROTTLED);
        }
        if (given == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8))) {
            throttle.recordAddressFailure(ip);
            return AuthResult.failure(AuthFailure.BAD_CREDENTIALS);
        }
        return AuthResult.serverPasswordAccepted();
    }

    AuthResult register(String name, String displayName, String password, InetAddress ip) {
        if (throttle.addressBlockedFor(ip).isPresent()) {
            return AuthResult.failure(AuthFailure.THROTTLED);
        }
        try {
            return AuthResult.success(store.create(name, displayName, password));
        } catch (AccountExistsException taken) {
            throttle.recordAddressFailure(ip);
            return AuthResult.failure(AuthFailure.ACCOUNT_EXISTS);
        }
    }

    void forgiveFailures(String name) {
        throttle.recordSuccess(name);
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
}
