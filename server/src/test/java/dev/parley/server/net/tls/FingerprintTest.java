package dev.parley.server.net.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FingerprintTest {
    /** SHA-256 of zero bytes, a well-known value. */
    private static final String EMPTY =
            "E3:B0:C4:42:98:FC:1C:14:9A:FB:F4:C8:99:6F:B9:24:27:AE:41:E4:64:9B:93:4C:A4:95:99:1B:78:52:B8:55";

    @Test
    void formatsAsUpperCaseColonSeparatedPairs() {
        Fingerprint fingerprint = Fingerprint.ofEncoded(new byte[0]);

        assertThat(fingerprint.toString()).isEqualTo(EMPTY);
        assertThat(fingerprint.toHex()).isEqualTo(EMPTY.replace(":", "").toLowerCase());
        assertThat(fingerprint.bytes()).hasSize(32);
    }

    @Test
    void isTheDigestOfTheCertificateEncoding() throws Exception {
        CertifiedKey key = CertificateGenerator.generate("irc.example.org");

        Fingerprint fingerprint = Fingerprint.of(key.certificate());

        assertThat(fingerprint).isEqualTo(Fingerprint.ofEncoded(key.certificate().getEncoded()));
        assertThat(fingerprint.matches(key.certificate())).isTrue();
        assertThat(fingerprint.matches(CertificateGenerator.generate("irc.example.org").certificate())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            EMPTY,
            "e3:b0:c4:42:98:fc:1c:14:9a:fb:f4:c8:99:6f:b9:24:27:ae:41:e4:64:9b:93:4c:a4:95:99:1b:78:52:b8:55",
            "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "  e3b0c44298FC1C149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"})
    void parsesWithOrWithoutColonsInAnyCase(String text) {
        assertThat(Fingerprint.parse(text)).isEqualTo(Fingerprint.ofEncoded(new byte[0]));
        assertThat(Fingerprint.normalize(text)).isEqualTo(EMPTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "E3:B0",
            "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B8",
            "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B85500",
            "G3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
            "E3B0:C4:42:98:FC:1C:14:9A:FB:F4:C8:99:6F:B9:24:27:AE:41:E4:64:9B:93:4C:A4:95:99:1B:78:52:B8:55",
            "E3:B0:C4:42:98:FC:1C:14:9A:FB:F4:C8:99:6F:B9:24:27:AE:41:E4:64:9B:93:4C:A4:95:99:1B:78:52:B8:55:"})
    void rejectsAnythingElse(String text) {
        assertThat(Fingerprint.tryParse(text)).isEmpty();
        assertThatThrownBy(() -> Fingerprint.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a SHA-256 fingerprint");
    }

    @Test
    void equalFingerprintsAreEqualValues() {
        Fingerprint a = Fingerprint.parse(EMPTY);
        Fingerprint b = Fingerprint.parse(EMPTY.toLowerCase());

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }
}
