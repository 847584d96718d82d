package dev.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.server.store.Database;
import dev.parley.server.testing.MutableClock;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class AuthenticatorTest {

    static final String FP = "12".repeat(32);

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2025-03-04T05:06:07Z"));
    final PasswordHasher hasher = new PasswordHasher(PasswordHasherTest.FAST);
    final InetAddress ip = LoginThrottleTest.address("192.0.2.10");
    final InetAddress otherIp = LoginThrottleTest.address("192.0.2.11");
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    Database db;
    SqliteAccountStore store;
    ExecutorService executor;
    Authenticator auth;

    @BeforeEach
    void setUp() {
        db = Database.open(dir);
        store = new SqliteAccountStore(db, hasher, 64, clock, new SecureRandom());
        executor = Authenticator.newExecutor(2, 16);
        auth = new Authenticator(store, hasher, new LoginThrottle(clock), executor, clock, 64);
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach
    void tearDown() throws Exception {
        root().detachAppender(logs);
        auth.close();
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
        db.close();
    }

    static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    static AuthResult get(CompletableFuture<AuthResult> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    AuthResult login(String name, String password, boolean tls) throws Exception {
        return get(auth.authenticatePassword(name, password, ip, tls));
    }

    static AuthFailure reason(AuthResult result) {
        assertThat(result).isInstanceOf(AuthResult.Failure.class);
        return ((AuthResult.Failure) result).reason();
    }

    @Test
    void theRightPasswordLogsInAndIsAudited() throws Exception {
        store.create("alice", "Alice", "correct horse");

        AuthResult result = login("ALICE", "correct horse", false);

        assertThat(result).isInstanceOf(AuthResult.Success.class);
        assertThat(((AuthResult.Success) result).account().name()).isEqualTo("alice");
        assertThat(store.find("alice").orElseThrow().lastLoginAt()).contains(clock.instant());
        assertThat(store.recentAudit(1)).containsExactly(
                new AuditEvent(clock.instant(), "192.0.2.10", "ALICE", "PASSWORD", "SUCCESS"));
        assertNoLogContains("correct horse");
    }

    @Test
    void unknownAccountsAndWrongPasswordsFailAlike() throws Exception {
        store.create("alice", "Alice", "correct horse");

        assertThat(reason(login("alice", "wrong", true))).isEqualTo(AuthFailure.BAD_CREDENTIALS);
        assertThat(reason(login("nobody", "wrong", true))).isEqualTo(AuthFailure.BAD_CREDENTIALS);
        assertThat(reason(login("not a name", "wrong", true))).isEqualTo(AuthFailure.BAD_CREDENTIALS);
        assertThat(reason(login(null, null, true))).isEqualTo(AuthFailure.BAD_CREDENTIALS);
        assertThat(store.recentAudit(10)).extracting(AuditEvent::accountName, AuditEvent::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("", "BAD_CREDENTIALS"),
                org.assertj.core.groups.Tuple.tuple("not a name", "BAD_CREDENTIALS"),
                org.assertj.core.groups.Tuple.tuple("nobody", "BAD_CREDENTIALS"),
                org.assertj.core.groups.Tuple.tuple("alice", "BAD_CREDENTIALS"));
        assertNoLogContains("wrong");
    }

    @Test
    void aLegacyHashIsOnlyAcceptedOverTlsAndIsThenUpgraded() throws Exception {
        store.importLegacy(SeedMemberFile.parse(SeedMemberFileTest.fixture("seed-members.txt")).members(), false);

        assertThat(reason(login("19803021", "hello-everyone", false))).isEqualTo(AuthFailure.LEGACY_NEEDS_TLS);
        assertThat(reason(login("19803021", "wrong", false))).isEqualTo(AuthFailure.BAD_CREDENTIALS);
        assertThat(reason(login("19803021", "wrong", true))).isEqualTo(AuthFailure.BAD_CREDENTIALS);
        assertThat(store.findCredentials("19803021").orElseThrow().legacySha256()).isPresent();

        AuthResult result = login("19803021", "hello-everyone", true);

        assertThat(result.succeeded()).isTrue();
        assertThat(((AuthResult.Success) result).account().displayName()).isEqualTo("Pranav Gupta");
        StoredCredentials upgraded = store.findCredentials("19803021").orElseThrow();
        assertThat(upgraded.legacySha256()).isEmpty();
        assertThat(hasher.verify("hello-everyone", upgraded.passwordHash().orElseThrow())).isTrue();
        assertThat(upgraded.scram()).isPresent();
        // Upgraded, the password is no longer tied to TLS.
        assertThat(login("19803021", "hello-everyone", false).succeeded()).isTrue();
        assertNoLogContains("hello-everyone");
    }

    @Test
    void aLockedAccountIsRefusedOnlyToSomeoneWithItsPassword() throws Exception {
        store.create("bob", "Bob", "pw");
        store.setLocked("bob", true);

        assertThat(reason(login("bob", "pw", true))).isEqualTo(AuthFailure.LOCKED);
        assertThat(reason(login("bob", "nope", true))).isEqualTo(AuthFailure.BAD_CREDENTIALS);
        assertThat(store.find("bob").orElseThrow().lastLoginAt()).isEmpty();
    }

    @Test
    void tooManyFailuresAreThrottledWithoutCheckingThePassword() throws Exception {
        store.create("carol", "Carol", "pw");
        for (int i = 0; i < 5; i++) {
            assertThat(reason(login("carol", "guess" + i, true))).isEqualTo(AuthFailure.BAD_CREDENTIALS);
        }

        assertThat(reason(login("carol", "pw", true))).isEqualTo(AuthFailure.THROTTLED);
        assertThat(store.recentAudit(1).get(0).outcome()).isEqualTo("THROTTLED");

        clock.advance(Duration.ofMinutes(1));
        assertThat(login("carol", "pw", true).succeeded()).isTrue();
        // The success cleared the account's count.
        assertThat(reason(login("carol", "guess", true))).isEqualTo(AuthFailure.BAD_CREDENTIALS);
        assertThat(login("carol", "pw", true).succeeded()).isTrue();
    }

    @Test
    void unknownAccountsAreThrottledLikeRealOnes() throws Exception {
        for (int i = 0; i < 5; i++) {
            login("ghost", "guess" + i, true);
        }
        assertThat(reason(login("ghost", "guess", true))).isEqualTo(AuthFailure.THROTTLED);
    }

    @Test
    void anOutdatedHashIsReplacedAfterLogin() throws Exception {
        PasswordHasher weak = new PasswordHasher(new PasswordHasher.Parameters(32, 1, 1));
        new SqliteAccountStore(db, weak, 64, clock, new SecureRandom()).create("dan", "Dan", "pw");
        assertThat(store.findCredentials("dan").orElseThrow().passwordHash().orElseThrow()).contains("m=32,");

        assertThat(login("dan", "pw", true).succeeded()).isTrue();

        assertThat(store.findCredentials("dan").orElseThrow().passwordHash().orElseThrow()).contains("m=64,");
    }

    @Test
    void throttledAttemptsWriteOneAuditRowPerBlockNotOnePerAttempt() throws Exception {
        store.create("erin", "Erin", "pw");
        for (int i = 0; i < 5; i++) {
            login("erin", "guess" + i, true);
        }
        for (int i = 0; i < 50; i++) {
            assertThat(reason(login("erin", "pw", true))).isEqualTo(AuthFailure.THROTTLED);
        }
        List<AuditEvent> rows = store.recentAudit(100);
        assertThat(rows).hasSize(6);
        assertThat(rows.get(0).outcome()).isEqualTo("THROTTLED");

        // The next block (after more failures) is audited again, once.
        clock.advance(Duration.ofMinutes(1));
        login("erin", "guess", true);
        login("erin", "pw", true);
        login("erin", "pw", true);
        assertThat(store.recentAudit(100)).extracting(AuditEvent::outcome)
                .startsWith("THROTTLED", "BAD_CREDENTIALS", "THROTTLED");
        assertThat(store.recentAudit(100)).hasSize(8);
    }

    @Test
    void operGoesThroughTheThrottleAndTheAuditTrailLikeALogin() throws Exception {
        OperatorCredentials configured = new OperatorCredentials(hasher,
                List.of(new dev.parley.server.config.ParleyConfig.CredentialSection("root", "op-pw", Optional.empty())));
        for (int i = 0; i < 5; i++) {
            assertThat(reason(get(auth.authenticateOperator("root", "guess" + i, ip, configured))))
                    .isEqualTo(AuthFailure.BAD_CREDENTIALS);
        }
        // Throttled: the right password no longer helps, as for any login.
        assertThat(reason(get(auth.authenticateOperator("root", "op-pw", ip, configured))))
                .isEqualTo(AuthFailure.THROTTLED);
        assertThat(store.recentAudit(10)).hasSize(6).allSatisfy(row -> {
            assertThat(row.mechanism()).isEqualTo("OPER");
            assertThat(row.accountName()).isEqualTo("root");
        });
        clock.advance(Duration.ofMinutes(1));
        assertThat(get(auth.authenticateOperator("root", "op-pw", ip, configured)).succeeded()).isTrue();
        assertThat(store.recentAudit(1).get(0).outcome()).isEqualTo("SUCCESS");
    }

    @Test
    void operByAnAccountNeedsTheOperatorFlagAndLeavesNoLoginBehind() throws Exception {
        OperatorCredentials none = new OperatorCredentials(hasher, List.of());
        store.create("frank", "Frank", "pw");
        assertThat(reason(get(auth.authenticateOperator("frank", "pw", ip, none)))).isEqualTo(AuthFailure.BAD_CREDENTIALS);
        assertThat(reason(get(auth.authenticateOperator("nobody", "pw", ip, none)))).isEqualTo(AuthFailure.BAD_CREDENTIALS);
        assertThat(reason(get(auth.authenticateOperator("bad name!", "pw", ip, none)))).isEqualTo(AuthFailure.BAD_CREDENTIALS);
        assertThat(store.find("frank").orElseThrow().lastLoginAt()).isEmpty();

        store.setOperator("frank", true);
        assertThat(get(auth.authenticateOperator("frank", "pw", ip, none)).succeeded()).isTrue();
        assertThat(store.find("frank").orElseThrow().lastLoginAt()).isEmpty();
        store.setLocked("frank", true);
        assertThat(reason(get(auth.authenticateOperator("frank", "pw", ip, none)))).isEqualTo(AuthFailure.BAD_CREDENTIALS);
    }

    @Test
    void theServerPasswordIsThrottledPerAddressAndAudited() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(reason(get(auth.authenticateServerPassword("letmein", "guess" + i, ip))))
                    .isEqualTo(AuthFailure.BAD_CREDENTIALS);
        }
        assertThat(reason(get(auth.authenticateServerPassword("letmein", "letmein", ip)))).isEqualTo(AuthFailure.THROTTLED);
        assertThat(get(auth.authenticateServerPassword("letmein", "letmein", otherIp)).succeeded()).isTrue();
        assertThat(store.recentAudit(1).get(0).mechanism()).isEqualTo("PASS");
    }

    @Test
    void weakerScramKeysAreMadeAgainAtTheNextPasswordLogin() throws Exception {
        new SqliteAccountStore(db, hasher, 32, clock, new SecureRandom()).create("gail", "Gail", "pw");
        assertThat(store.findCredentials("gail").orElseThrow().scram().orElseThrow().iterations()).isEqualTo(32);

        assertThat(login("gail", "pw", true).succeeded()).isTrue();

        assertThat(store.findCredentials("gail").orElseThrow().scram().orElseThrow().iterations()).isEqualTo(64);
    }

    @Test
    void withScramOffNoKeysAreKeptAndOldOnesAreDeleted() throws Exception {
        store.create("hal", "Hal", "pw");
        SqliteAccountStore noScram = new SqliteAccountStore(db, hasher, 0, clock, new SecureRandom());
        noScram.create("ida", "Ida", "pw");
        assertThat(noScram.findCredentials("ida").orElseThrow().scram()).isEmpty();
        assertThat(noScram.forgetScramKeys()).isEqualTo(1);
        assertThat(noScram.findCredentials("hal").orElseThrow().scram()).isEmpty();
        assertThat(noScram.findCredentials("hal").orElseThrow().passwordHash()).isPresent();
    }

    @Test
    void certificatesLogInTheirAccount() throws Exception {
        store.create("erin", "Erin", "pw");
        store.create("fay", "Fay", "pw");
        store.addCertFingerprint("erin", FP);

        AuthResult byCert = get(auth.authenticateCertificate(Optional.of(FP), "", ip));
        assertThat(byCert.succeeded()).isTrue();
        assertThat(get(auth.authenticateCertificate(Optional.of(FP.toUpperCase()), "ERIN", ip)).succeeded()).isTrue();
        assertThat(reason(get(auth.authenticateCertificate(Optional.of(FP), "fay", ip))))
                .isEqualTo(AuthFailure.NOT_AUTHORIZED);
        assertThat(reason(get(auth.authenticateCertificate(Optional.of("34".repeat(32)), "", ip))))
                .isEqualTo(AuthFailure.BAD_CREDENTIALS);
        assertThat(reason(get(auth.authenticateCertificate(Optional.empty(), "erin", ip))))
                .isEqualTo(AuthFailure.BAD_CREDENTIALS);
        store.setLocked("erin", true);
        assertThat(reason(get(auth.authenticateCertificate(Optional.of(FP), "", ip)))).isEqualTo(AuthFailure.LOCKED);
        assertThat(store.recentAudit(10)).extracting(AuditEvent::mechanism).containsOnly("EXTERNAL");
    }

    @Test
    void aFullQueueRefusesInsteadOfWaiting() throws Exception {
        ExecutorService tiny = Authenticator.newExecutor(1, 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try {
            tiny.execute(() -> {
                started.countDown();
                awaitQuietly(release);
            });
            started.await(30, TimeUnit.SECONDS);
            tiny.execute(() -> { }); // fills the one queue slot
            Authenticator busy = new Authenticator(store, hasher, new LoginThrottle(clock), tiny, clock, 64);

            assertThat(reason(get(busy.authenticatePassword("x", "y", ip, true)))).isEqualTo(AuthFailure.UNAVAILABLE);
        } finally {
            release.countDown();
            tiny.shutdown();
            tiny.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStorageFailureIsUnavailableNotSuccess() throws Exception {
        store.create("gus", "Gus", "pw");
        db.close();
        assertThat(reason(login("gus", "pw", true))).isEqualTo(AuthFailure.UNAVAILABLE);
    }

    @Test
    void scramLookupOfAnUnknownOrLegacyAccountGivesAStableFakeSalt() throws Exception {
        store.create("hal", "Hal", "pw");
        store.importLegacy(List.of(new SeedMember("19803001", "Aakash Agrawal", LegacySha256.hash("x"), 1)), false);

        ScramLookup real = auth.lookupScram("hal", ip).get(30, TimeUnit.SECONDS);
        assertThat(real.salt()).isEqualTo(store.findCredentials("hal").orElseThrow().scram().orElseThrow().salt());

        ScramLookup ghost1 = auth.lookupScram("ghost", ip).get(30, TimeUnit.SECONDS);
        ScramLookup ghost2 = auth.lookupScram("GHOST", otherIp).get(30, TimeUnit.SECONDS);
        ScramLookup legacy = auth.lookupScram("19803001", ip).get(30, TimeUnit.SECONDS);
        assertThat(ghost1.salt()).hasSize(16).isEqualTo(ghost2.salt()).isNotEqualTo(legacy.salt());
        assertThat(ghost1.iterations()).isEqualTo(real.iterations()).isEqualTo(64);
        assertThat(ghost1.refusal()).isEmpty();

        // A fresh Authenticator (a restart) derives the same fake salt.
        try (Authenticator restarted = Authenticator.create(store, hasher, clock)) {
            assertThat(restarted.lookupScram("ghost", ip).get(30, TimeUnit.SECONDS).salt()).isEqualTo(ghost1.salt());
        }
    }

    /** A name given at login is the client's choice: in the log it cannot start a line of its own. */
    @Test
    void aForgedNameCannotForgeALogLine() throws Exception {
        Logger authLog = (Logger) LoggerFactory.getLogger(Authenticator.class);
        ch.qos.logback.classic.Level was = authLog.getLevel();
        authLog.setLevel(ch.qos.logback.classic.Level.DEBUG); // failures are logged at DEBUG
        try {
            assertThat(reason(login("x\n12:00:00.000 INFO  Authenticator - PASSWORD login for account admin", "no",
                    true))).isEqualTo(AuthFailure.BAD_CREDENTIALS);
        } finally {
            authLog.setLevel(was);
        }
        assertThat(logs.list).anySatisfy(event -> assertThat(event.getFormattedMessage()).contains("x\\u000a12:00"));
        assertThat(logs.list).allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain("\n"));
    }

    private void assertNoLogContains(String secret) {
        assertThat(logs.list).allSatisfy(event -> {
            assertThat(event.getFormattedMessage()).doesNotContain(secret);
            if (event.getThrowableProxy() != null) {
                assertThat(event.getThrowableProxy().getMessage()).doesNotContain(secret);
            }
        });
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
