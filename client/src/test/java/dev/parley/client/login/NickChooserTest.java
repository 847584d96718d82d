package dev.parley.client.login;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NickChooserTest {

    @Test
    void usesTheMemberIdWhenItIsAValidNickElsePutsAnMInFront() {
        assertThat(NickChooser.nickFor("pranav")).isEqualTo("pranav");
        assertThat(NickChooser.nickFor("19803021")).isEqualTo("m19803021");
        assertThat(NickChooser.nickFor("a b@c")).isEqualTo("ma_b_c");
        assertThat(NickChooser.alternative("m19803021", 1)).isEqualTo("m19803021_");
        assertThat(NickChooser.alternative("m19803021", 2)).isEqualTo("m19803021_2");
    }
}
