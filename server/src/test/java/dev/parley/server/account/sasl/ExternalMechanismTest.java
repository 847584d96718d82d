package dev.parley.server.account.sasl;

import static dev.parley.server.account.sasl.SaslTestSupport.bytes;
import static dev.parley.server.account.sasl.SaslTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.account.AuthFailure;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalMechanismTest {

    static final String FP = "ab".repeat(32);

    @TempDir
    Path dir;
    SaslTestSupport support;
    SaslMechanisms mechanisms;

    @BeforeEach
    void setUp() {
        support = new SaslTestSupport(dir);
        mechanisms = new SaslMechanisms(support.authenticator);
        support.store.create("carol", "Carol", "pw");
        support.store.create("dave", "Dave", "pw");
        support.store.addCertFingerprint("carol", FP);
    }

    @AfterEach
    void tearDown() throws Exception {
        support.close();
    }

    SaslStep external(Optional<String> fingerprint, String authzid) throws Exception {
        SaslContext context = new SaslContext(SaslTestSupport.ip(), true, fingerprint);
        return get(mechanisms.start("EXTERNAL", context).orElseThrow().step(bytes(authzid)));
    }

    @Test
    void theCertificateLogsInItsAccount() throws Exception {
        assertThat(external(Optional.of(FP), "")).isInstanceOfSatisfying(SaslStep.Success.class,
                s -> assertThat(s.account().name()).isEqualTo("carol"));
        assertThat(external(Optional.of(FP), "Carol")).isInstanceOf(SaslStep.Success.class);
        assertThat(support.store.recentAudit(1).get(0).mechanism()).isEqualTo("EXTERNAL");
    }

    @Test
    void refusesAnotherAuthzidNoCertificateOrAnUnknownOne() throws Exception {
        assertThat(external(Optional.of(FP), "dave")).isEqualTo(new SaslStep.Failure(AuthFailure.NOT_AUTHORIZED));
        assertThat(external(Optional.empty(), "")).isEqualTo(new SaslStep.Failure(AuthFailure.BAD_CREDENTIALS));
        assertThat(external(Optional.of("cd".repeat(32)), "")).isEqualTo(new SaslStep.Failure(AuthFailure.BAD_CREDENTIALS));
        assertThat(external(Optional.of(FP), "a\0b")).isEqualTo(new SaslStep.Failure(AuthFailure.MALFORMED));
    }

    @Test
    void refusesALockedAccount() throws Exception {
        support.store.setLocked("carol", true);
        assertThat(external(Optional.of(FP), "")).isEqualTo(new SaslStep.Failure(AuthFailure.LOCKED));
    }
}
