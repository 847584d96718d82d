package dev.parley.client.tofu;

import static dev.parley.client.tofu.TrustDecision.Verdict.CA_TRUSTED;
import static dev.parley.client.tofu.TrustDecision.Verdict.CHANGED;
import static dev.parley.client.tofu.TrustDecision.Verdict.NOT_EXPECTED;
import static dev.parley.client.tofu.TrustDecision.Verdict.PINNED;
import static dev.parley.client.tofu.TrustDecision.Verdict.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.testing.TestCertificates;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrustDecisionTest {
    private static final Optional<String> NONE = Optional.empty();

    @Test
    void decidesAsTheIssueSays() {
        assertThat(TrustDecision.decide("A", false, NONE, NONE).verdict()).isEqualTo(UNKNOWN);
        assertThat(TrustDecision.decide("A", false, Optional.of("A"), NONE).verdict()).isEqualTo(PINNED);
        assertThat(TrustDecision.decide("A", false, Optional.of("B"), NONE).verdict()).isEqualTo(CHANGED);
        // A CA's word outranks an old pin...
        assertThat(TrustDecision.decide("A", true, Optional.of("B"), NONE).verdict()).isEqualTo(CA_TRUSTED);
        // ...but not the fingerprint the user gave.
        assertThat(TrustDecision.decide("A", true, NONE, Optional.of("B")).verdict()).isEqualTo(NOT_EXPECTED);
        assertThat(TrustDecision.decide("A", false, Optional.of("B"), Optional.of("A")).verdict()).isEqualTo(PINNED);
    }

    @Test
    void onlyCaTrustAndPinsLetTheConnectionGoOn() {
        for (TrustDecision.Verdict verdict : TrustDecision.Verdict.values()) {
            assertThat(new TrustDecision(verdict, "A", null).accepted()).isEqualTo(verdict == CA_TRUSTED || verdict == PINNED);
        }
    }

    @Test
    void theTrustManagerRefusesWhatIsNotPinnedAndRemembersWhy() throws Exception {
        X509Certificate certificate = TestCertificates.selfSigned().certificate();
        String fingerprint = Fingerprints.sha256(certificate);
        TofuTrustManager unknown = new TofuTrustManager(null, NONE, NONE);
        boolean refused = false;
        try {
            unknown.checkServerTrusted(new X509Certificate[] {certificate}, "ECDHE_ECDSA");
        } catch (CertificateException e) {
            refused = true;
        }
        assertThat(refused).isTrue();
        assertThat(unknown.decision()).isEqualTo(new TrustDecision(UNKNOWN, fingerprint, null));

        TofuTrustManager pinned = new TofuTrustManager(null, Optional.of(fingerprint), NONE);
        pinned.checkServerTrusted(new X509Certificate[] {certificate}, "ECDHE_ECDSA");
        assertThat(pinned.decision().verdict()).isEqualTo(PINNED);
    }
}
