package dev.parley.server.net.tls.acme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.net.tls.CertificateGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenewalScheduleTest {
    private final RenewalSchedule thirtyDays = new RenewalSchedule(Duration.ofDays(30));

    @Test
    void aLongLivedCertificateIsRenewedTheConfiguredDaysAhead() {
        X509Certificate certificate = CertificateGenerator.generate("chat.example.org").certificate();
        Instant notAfter = certificate.getNotAfter().toInstant();

        // The generated one lives 825 days: a third would be 275, so 30 days it is.
        assertThat(thirtyDays.renewalTime(certificate)).isEqualTo(notAfter.minus(Duration.ofDays(30)));
        assertThat(new RenewalSchedule(Duration.ofDays(7)).renewalTime(certificate))
                .isEqualTo(notAfter.minus(Duration.ofDays(7)));
    }

    @Test
    void aShortLivedCertificateIsRenewedWithAThirdOfItsLifeLeft() {
        X509Certificate certificate = CertificateGenerator.generate("chat.example.org").certificate();
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        Duration third = Duration.between(notBefore, notAfter).dividedBy(3);

        assertThat(new RenewalSchedule(Duration.ofDays(365)).renewalTime(certificate))
                .isEqualTo(notAfter.minus(third))
                .isAfter(notBefore);
    }

    @Test
    void failedAttemptsWaitLongerEachTimeUpToSixHours() {
        assertThat(List.of(1, 2, 3, 4, 7, 8, 100).stream().map(RenewalSchedule::backOff).toList()).containsExactly(
                Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(40),
                Duration.ofMinutes(320), Duration.ofHours(6), Duration.ofHours(6));
    }

    @Test
    void aCertificateCoversTheDomainsItNamesWhateverTheirCase() {
        X509Certificate certificate = CertificateGenerator.generate("chat.example.org").certificate();

        assertThat(RenewalSchedule.covers(certificate, List.of("Chat.Example.org"))).isTrue();
        assertThat(RenewalSchedule.covers(certificate, List.of("chat.example.org", "localhost"))).isTrue();
        assertThat(RenewalSchedule.covers(certificate, List.of("chat.example.org", "irc.example.org"))).isFalse();
    }
}
