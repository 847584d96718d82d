package dev.parley.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientTextTest {
    @Test
    void ordinaryNamesAreLeftAsTheyAre() {
        assertThat(ClientText.forLog("19803021")).isEqualTo("19803021");
        assertThat(ClientText.forLog("Zoë-Ångström")).isEqualTo("Zoë-Ångström");
    }

    @Test
    void aNameCannotForgeALogLineOrDriveATerminal() {
        String forged = ClientText.forLog("x from 10.0.0.1\n2026-12-01 INFO admin is now an operator\u001b[2J");
        assertThat(forged).doesNotContain("\n", "\r", "\u001b")
                .isEqualTo("x from 10.0.0.1\\u000a2026-12-01 INFO admin is now an operator\\u001b[2J");
        assertThat(ClientText.forLog("a\rb\u0085c\u2028d\u007fe")).isEqualTo("a\\u000db\\u0085c\\u2028d\\u007fe");
        // A backslash is doubled, so that an escape in the log is always one the server wrote.
        assertThat(ClientText.forLog("a\\u000ab")).isEqualTo("a\\\\u000ab");
    }

    @Test
    void longTextIsCutAndNullIsSaid() {
        assertThat(ClientText.forLog("a".repeat(1000))).isEqualTo("a".repeat(ClientText.MAX_CHARS) + "...");
        assertThat(ClientText.forLog(null)).isEqualTo("(none)");
    }
}
