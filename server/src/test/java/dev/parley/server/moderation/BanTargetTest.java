package dev.parley.server.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How ban targets and durations are read and normalised. */
class BanTargetTest {
    @Test
    void targetsAreToldApartAndNormalised() {
        assertThat(BanTarget.parse("$a:Pranav")).isEqualTo(new BanTarget(BanKind.ACCOUNT, "pranav"));
        assertThat(BanTarget.parse("Bob")).isEqualTo(new BanTarget(BanKind.MASK, "bob!*@*"));
        assertThat(BanTarget.parse("*@Host.Example")).isEqualTo(new BanTarget(BanKind.MASK, "*!*@host.example"));
        assertThat(BanTarget.parse("192.0.2.77/24")).isEqualTo(new BanTarget(BanKind.ADDRESS, "192.0.2.0/24"));
        assertThat(BanTarget.parse("192.0.2.77")).isEqualTo(new BanTarget(BanKind.ADDRESS, "192.0.2.77"));
        assertThat(BanTarget.parse("2001:DB8:0:0::1/48")).isEqualTo(new BanTarget(BanKind.ADDRESS, "2001:db8::/48"));
        assertThat(BanTarget.parse("2001:db8::1")).isEqualTo(new BanTarget(BanKind.ADDRESS, "2001:db8::1"));
        assertThat(BanTarget.parse("*!*@192.0.2.0/24").kind()).isEqualTo(BanKind.MASK);
    }

    @Test
    void badTargetsAreRefusedWithAReason() {
        assertThatThrownBy(() -> BanTarget.user("*")).hasMessageContaining("match everyone");
        assertThatThrownBy(() -> BanTarget.user("$a:bad name")).hasMessageContaining("not an account name");
        assertThatThrownBy(() -> BanTarget.user("$m:x")).hasMessageContaining("mask");
        assertThatThrownBy(() -> BanTarget.address("example.org")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> BanTarget.address("::1/129")).hasMessageContaining("1 to 128");
        assertThatThrownBy(() -> BanTarget.address("10.0.0.0/0")).hasMessageContaining("1 to 32");
    }

    @Test
    void durationsAreReadAsOperatorsWriteThem() {
        assertThat(BanDuration.parse("0")).isEmpty();
        assertThat(BanDuration.parse("3600")).contains(Duration.ofHours(1));
        assertThat(BanDuration.parse("1d12h")).contains(Duration.ofHours(36));
        assertThat(BanDuration.parse("2w")).contains(Duration.ofDays(14));
        assertThat(BanDuration.parse("90m")).map(BanDuration::format).isEqualTo(Optional.of("1h30m"));
        assertThatThrownBy(() -> BanDuration.parse("5y")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> BanDuration.parse("12h1d")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> BanDuration.parse("99999w")).hasMessageContaining("3650d");
        assertThat(BanDuration.looksLikeOne("spam")).isFalse();
        assertThat(BanDuration.looksLikeOne("7d")).isTrue();
    }
}
