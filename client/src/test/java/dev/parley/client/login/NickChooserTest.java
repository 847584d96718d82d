package dev.parley.client.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IrcNames;
import org.junit.jupiter.api.Test;

class NickChooserTest {

    @Test
    void usesTheMemberIdWhenItIsAValidNick() {
        assertThat(NickChooser.nickFor("pranav")).isEqualTo("pranav");
        // Whether a nick may start with a digit is the protocol module's call.
        assertThat(NickChooser.nickFor("19803021"))
                .isEqualTo(IrcNames.validNick("19803021", 30) ? "19803021" : "m19803021");
    }

    @Test
    void otherwiseMakesAValidOneFromIt() {
        assertThat(NickChooser.nickFor("a b@c")).isEqualTo("a_b_c");
        assertThat(IrcNames.validNick(NickChooser.nickFor("-19803021"), 30)).isTrue();
        assertThat(NickChooser.alternative("m19803021", 1)).isEqualTo("m19803021_");
        assertThat(NickChooser.alternative("m19803021", 2)).isEqualTo("m19803021_2");
    }

    @Test
    void tellsWrongPasswordsFromRefusals() {
        assertThat(LoginFlow.meansWrongCredentials("SASL authentication failed")).isTrue();
        assertThat(LoginFlow.meansWrongCredentials("SASL authentication failed: Invalid account name or password"))
                .isTrue();
        assertThat(LoginFlow.meansWrongCredentials("SASL authentication failed: This account is locked")).isFalse();
        assertThat(LoginFlow.meansWrongCredentials("SASL authentication failed: Too many failed logins; try again later"))
                .isFalse();
        assertThat(LoginFlow.reasonOf("SASL authentication failed: This account is locked"))
                .isEqualTo("This account is locked");
    }
}
