package dev.parley.server.account.sasl;

import static dev.parley.server.account.sasl.SaslTestSupport.bytes;
import static dev.parley.server.account.sasl.SaslTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.account.AuditEvent;
import dev.parley.server.account.AuthFailure;
import dev.parley.server.account.LegacySha256;
import dev.parley.server.account.SeedMember;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlainMechanismTest {

    @TempDir
    Path dir;
    SaslTestSupport support;
    SaslMechanisms mechanisms;

    @BeforeEach
    void setUp() {
        support = new SaslTestSupport(dir);
        mechanisms = new SaslMechanisms(support.authenticator);
        support.store.create("alice", "Alice", "pa ss");
    }

    @AfterEach
    void tearDown() throws Exception {
        support.close();
    }

    SaslStep plain(String message, SaslContext context) throws Exception {
        SaslMechanism mechanism = mechanisms.start("plain", context).orElseThrow();
        assertThat(mechanism.name()).isEqualTo("PLAIN");
        return get(mechanism.step(bytes(message)));
    }

    @Test
    void logsInWithOrWithoutAMatchingAuthzid() throws Exception {
        assertThat(plain("\0alice\0pa ss", SaslTestSupport.tls())).isInstanceOfSatisfying(SaslStep.Success.class,
                s -> assertThat(s.account().name()).isEqualTo("alice"));
        assertThat(plain("ALICE\0alice\0pa ss", SaslTestSupport.plainText())).isInstanceOf(SaslStep.Success.class);
        assertThat(support.store.recentAudit(1).get(0).mechanism()).isEqualTo("PLAIN");
    }

    @Test
    void refusesAWrongPasswordOrUnknownAccount() throws Exception {
        assertThat(plain("\0alice\0wrong", SaslTestSupport.tls()))
                .isEqualTo(new SaslStep.Failure(AuthFailure.BAD_CREDENTIALS));
        assertThat(plain("\0nobody\0pa ss", SaslTestSupport.tls()))
                .isEqualTo(new SaslStep.Failure(AuthFailure.BAD_CREDENTIALS));
    }

    @Test
    void refusesToActAsSomeoneElse() throws Exception {
        support.store.create("bob", "Bob", "pw");
        assertThat(plain("bob\0alice\0pa ss", SaslTestSupport.tls()))
                .isEqualTo(new SaslStep.Failure(AuthFailure.NOT_AUTHORIZED));
        assertThat(support.store.recentAudit(1)).extracting(AuditEvent::accountName, AuditEvent::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", "NOT_AUTHORIZED"));
    }

    @Test
    void refusesMalformedMessages() throws Exception {
        for (String bad : new String[] {"", "alice", "alice\0pa ss", "\0\0pw", "\0a\0b\0c"}) {
            assertThat(plain(bad, SaslTestSupport.tls())).as(bad.replace('\0', '|'))
                    .isEqualTo(new SaslStep.Failure(AuthFailure.MALFORMED));
        }
        SaslMechanism mechanism = mechanisms.start("PLAIN", SaslTestSupport.tls()).orElseThrow();
        assertThat(get(mechanism.step(new byte[] {0, 'a', 0, (byte) 0xC3}))).isEqualTo(new SaslStep.Failure(AuthFailure.MALFORMED));
        // One message only.
        assertThat(get(mechanism.step(bytes("\0alice\0pa ss")))).isEqualTo(new SaslStep.Failure(AuthFailure.MALFORMED));
        assertThat(plain("\0alice\0" + "x".repeat(5000), SaslTestSupport.tls()))
                .isEqualTo(new SaslStep.Failure(AuthFailure.MALFORMED));
    }

    @Test
    void aLegacyPasswordNeedsTls() throws Exception {
        support.store.importLegacy(List.of(new SeedMember("19803023", "Sanskar Gupta",
                LegacySha256.hash("cn-lab-2023"), 1)), false);
        assertThat(plain("\u000019803023\u0000cn-lab-2023", SaslTestSupport.plainText()))
                .isEqualTo(new SaslStep.Failure(AuthFailure.LEGACY_NEEDS_TLS));
        assertThat(plain("\u000019803023\u0000cn-lab-2023", SaslTestSupport.tls())).isInstanceOf(SaslStep.Success.class);
    }

    @Test
    void offersTheThreeMechanismsAndNothingElse() {
        assertThat(mechanisms.names()).containsExactly("SCRAM-SHA-256", "PLAIN", "EXTERNAL");
        assertThat(mechanisms.start("scram-sha-256", SaslTestSupport.tls())).isPresent();
        assertThat(mechanisms.start("external", SaslTestSupport.tls())).isPresent();
        assertThat(mechanisms.start("DIGEST-MD5", SaslTestSupport.tls())).isEmpty();
        assertThat(mechanisms.start(null, SaslTestSupport.tls())).isEmpty();
    }
}
