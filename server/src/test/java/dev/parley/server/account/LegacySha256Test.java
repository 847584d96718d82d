package dev.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LegacySha256Test {

    @Test
    void matchesTheSeedFixturesHashes() {
        // From seed-members.README.md: 19803021 Pranav Gupta, password hello-everyone.
        String stored = "1b03354bb75ee9b4e06e2e1a5a7da5d63f5786d7f9e7f01e25f67eca25716feb";
        assertThat(LegacySha256.hash("hello-everyone")).isEqualTo(stored);
        assertThat(LegacySha256.matches("hello-everyone", stored)).isTrue();
        assertThat(LegacySha256.matches("hello-everyone", stored.toUpperCase())).isTrue();
        assertThat(LegacySha256.matches("hello-everyone ", stored)).isFalse();
    }

    @Test
    void knownVector() {
        assertThat(LegacySha256.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void malformedStoredValuesNeverMatch() {
        assertThat(LegacySha256.matches("abc", null)).isFalse();
        assertThat(LegacySha256.matches("abc", "ba7816bf")).isFalse();
        assertThat(LegacySha256.matches("abc", "zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")).isFalse();
        assertThat(LegacySha256.matches(null, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")).isFalse();
    }
}
