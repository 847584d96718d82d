package dev.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IrcSerializerTest {
    @Test
    void theLastParameterIsTrailingWhenItMustBe() {
        assertThat(IrcSerializer.serialize(IrcMessage.from("srv", "PRIVMSG", "#a", "hello there")))
                .isEqualTo(":srv PRIVMSG #a :hello there");
        assertThat(IrcSerializer.serialize(IrcMessage.from("srv", "PRIVMSG", "#a", "")))
                .isEqualTo(":srv PRIVMSG #a :");
        assertThat(IrcSerializer.serialize(IrcMessage.from("srv", "PRIVMSG", "#a", ":)")))
                .isEqualTo(":srv PRIVMSG #a ::)");
        assertThat(IrcSerializer.serialize(IrcMessage.of("PING", "token"))).isEqualTo("PING token");
    }

    @Test
    void aMiddleParameterThatNeedsTrailingIsRefused() {
        assertThatThrownBy(() -> IrcSerializer.serialize(IrcMessage.from("srv", "401", "me", "a b", "No such nick")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IrcSerializer.serialize(IrcMessage.from("srv", "401", "me", "", "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The second line of defence: nothing a command let through makes one message two lines. */
    @Test
    void lineBreaksAndNulAreRefusedAnywhere() {
        for (String bad : new String[] {"a\rb", "a\nb", "a\0b"}) {
            assertThatThrownBy(() -> IrcSerializer.serialize(IrcMessage.from("srv", "PRIVMSG", "#a", bad)))
                    .as("trailing %s", bad.replace("\0", "\\0")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> IrcSerializer.serialize(IrcMessage.from("srv", "PRIVMSG", bad, "x")))
                    .as("middle").isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> IrcSerializer.serialize(IrcMessage.from(bad, "PRIVMSG", "#a", "x")))
                    .as("source").isInstanceOf(IllegalArgumentException.class);
        }
        // In a tag value they are escaped, not refused.
        assertThat(IrcSerializer.serialize(new IrcMessage(Map.of("+x", "a\r\nb"), null, "TAGMSG", java.util.List.of("#a"))))
                .isEqualTo("@+x=a\\r\\nb TAGMSG #a");
    }
}
