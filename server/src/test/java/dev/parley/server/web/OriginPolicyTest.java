package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {
    private static final List<String> NONE = List.of();

    @Test
    void theServersOwnPagesMayConnectWhateverTheDefaultPortSpelling() {
        assertThat(OriginPolicy.allows("https://chat.example.org", "chat.example.org", true, NONE)).isTrue();
        assertThat(OriginPolicy.allows("https://chat.example.org", "chat.example.org:443", true, NONE)).isTrue();
        assertThat(OriginPolicy.allows("https://CHAT.example.org:8443", "chat.example.org:8443", true, NONE))
                .isTrue();
        assertThat(OriginPolicy.allows("https://chat.example.org:8443", "chat.example.org:9443", true, NONE))
                .isFalse();
    }

    @Test
    void aTlsListenerTakesOnlyHttpsPagesAPlainOneBothForAProxyInFront() {
        assertThat(OriginPolicy.allows("http://chat.example.org", "chat.example.org", true, NONE)).isFalse();
        assertThat(OriginPolicy.allows("http://chat.example.org", "chat.example.org", false, NONE)).isTrue();
        assertThat(OriginPolicy.allows("https://chat.example.org", "chat.example.org", false, NONE)).isTrue();
    }

    @Test
    void otherSitesOnlyWhenConfiguredAndPagesWithoutOriginAlways() {
        List<String> allowed = List.of("https://app.example.net/");
        assertThat(OriginPolicy.allows("https://app.example.net", "chat.example.org", true, allowed)).isTrue();
        assertThat(OriginPolicy.allows("https://evil.example", "chat.example.org", true, allowed)).isFalse();
        assertThat(OriginPolicy.allows("null", "chat.example.org", true, allowed)).isFalse();
        assertThat(OriginPolicy.allows("https://chat.example.org", null, true, allowed)).isFalse();
        assertThat(OriginPolicy.allows(null, "chat.example.org", true, NONE)).isTrue();
    }
}
