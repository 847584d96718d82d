package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.CaseMapping;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrMaskTest {
    private final HostmaskMatcher matcher = new HostmaskMatcher(CaseMapping.RFC1459);

    private static MaskSubject from(String ip) throws Exception {
        return new MaskSubject("nick!user@cloak.ip", "nick!user@" + ip, InetAddress.getByName(ip), null);
    }

    @Test
    void networksMatchTheAddressesInsideThemOnly() throws Exception {
        assertThat(matcher.matches("*!*@192.0.2.0/24", from("192.0.2.77"))).isTrue();
        assertThat(matcher.matches("*!*@192.0.2.0/24", from("192.0.3.1"))).isFalse();
        assertThat(matcher.matches("*!*@192.0.2.64/27", from("192.0.2.95"))).isTrue();
        assertThat(matcher.matches("*!*@192.0.2.64/27", from("192.0.2.96"))).isFalse();
        assertThat(matcher.matches("*!*@2001:db8:1::/48", from("2001:db8:1:2::5"))).isTrue();
        assertThat(matcher.matches("*!*@2001:db8:1::/48", from("2001:db8:2::5"))).isFalse();
        assertThat(matcher.matches("*!*@192.0.2.0/24", from("2001:db8::1"))).isFalse();
        assertThat(matcher.matches("other!*@192.0.2.0/24", from("192.0.2.1"))).isFalse();
    }

    @Test
    void aMaskMatchesTheCloakOrTheRealAddressAndNeverLooksUpANameAsANetwork() throws Exception {
        assertThat(matcher.matches("*!*@cloak.ip", from("192.0.2.1"))).isTrue();
        assertThat(matcher.matches("*!*@192.0.2.*", from("192.0.2.1"))).isTrue();
        assertThat(CidrMask.parse("example.org/24")).isEmpty();
        assertThat(CidrMask.parse("192.0.2.0/33")).isEmpty();
        assertThat(CidrMask.parse("10/8")).isEmpty();
    }

    @Test
    void aMuteIsNoBanAndIsNormalisedLikeOne() throws Exception {
        assertThat(HostmaskMatcher.normalize("$m:nick")).isEqualTo("$m:nick!*@*");
        assertThat(matcher.matches("$m:nick!*@*", from("192.0.2.1"))).isFalse();
        assertThat(matcher.mutes("$m:nick!*@*", from("192.0.2.1"))).isTrue();
        assertThat(matcher.mutes("$m:*!*@192.0.2.0/24", from("192.0.2.1"))).isTrue();
    }
}
