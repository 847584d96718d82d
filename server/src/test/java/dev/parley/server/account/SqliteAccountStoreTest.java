package dev.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.store.Database;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteAccountStoreTest {

    static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");
    static final String FP = "AB:CD:" + "ef".repeat(30);
    static final String FP_NORMAL = "abcd" + "ef".repeat(30);

    @TempDir
    java.nio.file.Path dir;

    Database db;
    PasswordHasher hasher = new PasswordHasher(PasswordHasherTest.FAST);
    SqliteAccountStore store;

    @BeforeEach
    void open() {
        db = Database.open(dir);
        store = newStore(db);
    }

    SqliteAccountStore newStore(Database database) {
        return new SqliteAccountStore(database, hasher, 64, Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void createsAndFindsAccountsCaseInsensitively() {
        Account created = store.create("Alice.B", "Alice Brown", "s3cret");

        assertThat(created.name()).isEqualTo("Alice.B");
        assertThat(created.displayName()).isEqualTo("Alice Brown");
        assertThat(created.createdAt()).isEqualTo(NOW);
        assertThat(created.lastLoginAt()).isEmpty();
        assertThat(created.locked()).isFalse();
        assertThat(created.operator()).isFalse();
        assertThat(created.legacyPassword()).isFalse();
        assertThat(created.key()).isEqualTo("alice.b");
        assertThat(store.find("ALICE.b")).contains(created);
        assertThat(store.find("nobody")).isEmpty();
        assertThat(store.find("not valid!")).isEmpty();
    }

    @Test
    void refusesASecondAccountOfTheSameNameInAnyCase() {
        store.create("alice", "", "pw");
        assertThatThrownBy(() -> store.create("ALICE", "", "pw")).isInstanceOf(AccountExistsException.class);
    }

    @Test
    void refusesBadNamesDisplayNamesAndPasswords() {
        assertThatThrownBy(() -> store.create("", "x", "pw")).hasMessageContaining("empty");
        assertThatThrownBy(() -> store.create("a b", "x", "pw")).hasMessageContaining("may contain only");
        assertThatThrownBy(() -> store.create("a".repeat(33), "x", "pw")).hasMessageContaining("longer than 32");
        assertThatThrownBy(() -> store.create("ok", "bad\u0007name", "pw")).hasMessageContaining("control");
        assertThatThrownBy(() -> store.create("ok", "x", "")).hasMessageContaining("empty");
        assertThatThrownBy(() -> store.create("ok", "x", "a\nb")).hasMessageContaining("CR or LF");
        assertThat(store.list()).isEmpty();
        assertThat(store.create("ok", "   ", "pw").displayName()).isEqualTo("ok");
    }

    @Test
    void storesArgon2AndScramKeysForThePassword() {
        store.create("bob", "Bob", "hunter2");
        StoredCredentials credentials = store.findCredentials("BOB").orElseThrow();

        assertThat(hasher.verify("hunter2", credentials.passwordHash().orElseThrow())).isTrue();
        ScramCredentials scram = credentials.scram().orElseThrow();
        assertThat(scram.iterations()).isEqualTo(64);
        assertThat(ScramCredentials.derive("hunter2", scram.salt(), 64)).isEqualTo(scram);
        assertThat(credentials.legacySha256()).isEmpty();
        assertThat(credentials.toString()).doesNotContain(credentials.passwordHash().get()).contains("<hidden>");
    }

    @Test
    void setPasswordReplacesBothHashesAndForgetsTheLegacyOne() {
        store.importLegacy(List.of(new SeedMember("19803021", "Pranav Gupta", LegacySha256.hash("old"), 1)), false);
        assertThat(store.find("19803021").orElseThrow().legacyPassword()).isTrue();

        assertThat(store.setPassword("19803021", "new-one")).isTrue();

        StoredCredentials credentials = store.findCredentials("19803021").orElseThrow();
        assertThat(credentials.legacySha256()).isEmpty();
        assertThat(hasher.verify("new-one", credentials.passwordHash().orElseThrow())).isTrue();
        assertThat(credentials.scram()).isPresent();
        assertThat(credentials.account().legacyPassword()).isFalse();
        assertThat(store.setPassword("nobody", "x")).isFalse();
    }

    @Test
    void locksUnlocksAndGrantsOperator() {
        store.create("carol", "Carol", "pw");
        assertThat(store.setLocked("Carol", true)).isTrue();
        assertThat(store.setOperator("carol", true)).isTrue();
        assertThat(store.find("carol").orElseThrow()).satisfies(a -> {
            assertThat(a.locked()).isTrue();
            assertThat(a.operator()).isTrue();
        });
        store.setLocked("carol", false);
        store.setOperator("carol", false);
        assertThat(store.find("carol").orElseThrow()).satisfies(a -> {
            assertThat(a.locked()).isFalse();
            assertThat(a.operator()).isFalse();
        });
        assertThat(store.setLocked("nobody", true)).isFalse();
        assertThat(store.setOperator("nobody", true)).isFalse();
        assertThat(store.setDisplayName("carol", "Carol C.")).isTrue();
        assertThat(store.find("carol").orElseThrow().displayName()).isEqualTo("Carol C.");
    }

    @Test
    void listsInNameOrder() {
        store.create("zed", "", "pw");
        store.create("Amy", "", "pw");
        store.create("bob", "", "pw");
        assertThat(store.list()).extracting(Account::name).containsExactly("Amy", "bob", "zed");
    }

    @Test
    void certificateFingerprintsFindTheirAccount() {
        store.create("dave", "Dave", "pw");
        store.create("erin", "Erin", "pw");

        assertThat(store.addCertFingerprint("dave", FP)).isTrue();
        assertThat(store.addCertFingerprint("DAVE", FP_NORMAL)).isTrue();
        assertThat(store.certFingerprints("dave")).containsExactly(FP_NORMAL);
        assertThat(store.findByCertFingerprint(FP_NORMAL.toUpperCase())).map(Account::name).contains("dave");
        assertThat(store.findByCertFingerprint("c".repeat(64))).isEmpty();
        assertThat(store.findByCertFingerprint("garbage")).isEmpty();
        assertThatThrownBy(() -> store.addCertFingerprint("erin", FP)).hasMessageContaining("another account");
        assertThatThrownBy(() -> store.addCertFingerprint("erin", "abc")).hasMessageContaining("64 digits");
        assertThat(store.addCertFingerprint("nobody", "c".repeat(64))).isFalse();

        assertThat(store.removeCertFingerprint("erin", FP)).isFalse();
        assertThat(store.removeCertFingerprint("dave", FP)).isTrue();
        assertThat(store.findByCertFingerprint(FP)).isEmpty();
    }

    @Test
    void removingAnAccountRemovesItsCertificatesButKeepsTheAudit() {
        store.create("frank", "", "pw");
        store.addCertFingerprint("frank", FP);
        store.audit(new AuditEvent(NOW, "10.0.0.1", "frank", "PLAIN", AuditEvent.SUCCESS));

        assertThat(store.remove("FRANK")).isTrue();
        assertThat(store.remove("frank")).isFalse();

        assertThat(store.find("frank")).isEmpty();
        assertThat(store.findByCertFingerprint(FP)).isEmpty();
        assertThat(store.recentAudit(10)).hasSize(1);
        // The name is free again, and the old certificate is not attached to the new account.
        store.create("frank", "", "pw");
        assertThat(store.certFingerprints("frank")).isEmpty();
    }

    @Test
    void recordsLogins() {
        store.create("gina", "", "pw");
        store.recordLogin("GINA", NOW.plusSeconds(60));
        assertThat(store.find("gina").orElseThrow().lastLoginAt()).contains(NOW.plusSeconds(60));
    }

    @Test
    void keepsAnAuditTrailNewestFirstAndPrunesIt() {
        store.audit(new AuditEvent(NOW, "10.0.0.1", "x\u0000y\u001b[2J", "PLAIN", "BAD_CREDENTIALS"));
        store.audit(new AuditEvent(NOW.plusSeconds(1), "10.0.0.2", "n".repeat(100), "SCRAM-SHA-256", "SUCCESS"));

        List<AuditEvent> events = store.recentAudit(10);
        assertThat(events).extracting(AuditEvent::ip).containsExactly("10.0.0.2", "10.0.0.1");
        assertThat(events.get(1).accountName()).isEqualTo("x?y?[2J");
        assertThat(events.get(0).accountName()).hasSize(AuditEvent.MAX_NAME_LENGTH);
        assertThat(store.recentAudit(1)).hasSize(1);

        assertThat(store.pruneAudit(NOW.plusSeconds(1))).isEqualTo(1);
        assertThat(store.recentAudit(10)).extracting(AuditEvent::ip).containsExactly("10.0.0.2");
    }

    @Test
    void importsTheSeedFileOnceWithADryRunFirst() throws Exception {
        List<SeedMember> members = SeedMemberFile.parse(SeedMemberFileTest.fixture("seed-members.txt")).members();
        store.create("19803007", "Already Here", "pw");

        ImportResult dry = store.importLegacy(members, true);
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.created()).isEqualTo(5);
        assertThat(dry.alreadyExisting()).containsExactly("19803007");
        assertThat(store.list()).hasSize(1);

        ImportResult real = store.importLegacy(members, false);
        assertThat(real).isEqualTo(new ImportResult(5, List.of("19803007"), false));
        assertThat(store.list()).hasSize(6);
        Account pranav = store.find("19803021").orElseThrow();
        assertThat(pranav.displayName()).isEqualTo("Pranav Gupta");
        assertThat(pranav.legacyPassword()).isTrue();
        StoredCredentials credentials = store.findCredentials("19803021").orElseThrow();
        assertThat(credentials.passwordHash()).isEmpty();
        assertThat(credentials.scram()).isEmpty();
        assertThat(LegacySha256.matches("hello-everyone", credentials.legacySha256().orElseThrow())).isTrue();
        // The existing account was not touched.
        assertThat(store.find("19803007").orElseThrow().displayName()).isEqualTo("Already Here");

        assertThat(store.importLegacy(members, false).created()).isZero();
    }

    @Test
    void upsertCreatesThenLeavesAMatchingPasswordAlone() {
        assertThat(store.upsert("helen", "pw1", Optional.of("Helen"))).isEqualTo(UpsertResult.CREATED);
        String hash = store.findCredentials("helen").orElseThrow().passwordHash().orElseThrow();
        store.setLocked("helen", true);
        store.setOperator("helen", true);

        assertThat(store.upsert("HELEN", "pw1", Optional.empty())).isEqualTo(UpsertResult.UNCHANGED);
        assertThat(store.upsert("helen", "pw1", Optional.of("Helen"))).isEqualTo(UpsertResult.UNCHANGED);
        assertThat(store.findCredentials("helen").orElseThrow().passwordHash()).contains(hash);

        assertThat(store.upsert("helen", "pw1", Optional.of("Helen H"))).isEqualTo(UpsertResult.UPDATED);
        assertThat(store.upsert("helen", "pw2", Optional.empty())).isEqualTo(UpsertResult.UPDATED);
        StoredCredentials after = store.findCredentials("helen").orElseThrow();
        assertThat(hasher.verify("pw2", after.passwordHash().orElseThrow())).isTrue();
        assertThat(after.account().displayName()).isEqualTo("Helen H");
        // Flags set by an administrator survive a configuration reload.
        assertThat(after.account().locked()).isTrue();
        assertThat(after.account().operator()).isTrue();
    }

    @Test
    void upsertRehashesWhenTheParametersWereRaised() {
        store.upsert("ivan", "pw", Optional.empty());
        String oldHash = store.findCredentials("ivan").orElseThrow().passwordHash().orElseThrow();
        PasswordHasher stronger = new PasswordHasher(new PasswordHasher.Parameters(128, 1, 1));
        SqliteAccountStore upgraded = new SqliteAccountStore(db, stronger, 64, Clock.systemUTC(), new SecureRandom());

        assertThat(upgraded.upsert("ivan", "pw", Optional.empty())).isEqualTo(UpsertResult.UNCHANGED);
        String newHash = store.findCredentials("ivan").orElseThrow().passwordHash().orElseThrow();
        assertThat(newHash).isNotEqualTo(oldHash).contains("m=128");
    }

    @Test
    void upsertOfALegacyAccountGivesItAModernPassword() {
        store.importLegacy(List.of(new SeedMember("19803001", "Aakash Agrawal", LegacySha256.hash("x"), 1)), false);
        assertThat(store.upsert("19803001", "x", Optional.empty())).isEqualTo(UpsertResult.UPDATED);
        assertThat(store.findCredentials("19803001").orElseThrow().legacySha256()).isEmpty();
    }

    @Test
    void serverSecretsAreCreatedOnceAndSurviveAReopen() {
        byte[] first = store.serverSecret("scram-fake-salt");
        assertThat(first).hasSize(32);
        assertThat(store.serverSecret("scram-fake-salt")).isEqualTo(first);
        assertThat(store.serverSecret("other")).isNotEqualTo(first);
        db.close();
        db = Database.open(dir);
        assertThat(newStore(db).serverSecret("scram-fake-salt")).isEqualTo(first);
    }

    @Test
    void aSecondOpenerSeesCommittedChanges() {
        try (Database other = Database.open(dir)) {
            SqliteAccountStore admin = newStore(other);
            admin.create("jane", "Jane", "pw");
            assertThat(store.find("jane")).isPresent();
            store.setLocked("jane", true);
            assertThat(admin.find("jane").orElseThrow().locked()).isTrue();
        }
    }
}
