package dev.parley.client.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageSplitterTest {

    @Test
    void leavesShortTextAlone() {
        assertThat(MessageSplitter.split("Hello Everyone", 400)).containsExactly("Hello Everyone");
    }

    @Test
    void cutsAtSpacesWithinTheLimit() {
        List<String> pieces = MessageSplitter.split("aaaa bbbb cccc dddd", 10);
        assertThat(pieces).containsExactly("aaaa bbbb", "cccc dddd");
    }

    @Test
    void neverSplitsACharacterOrExceedsTheLimitInBytes() {
        String text = "ü".repeat(50) + "😀".repeat(50);
        List<String> pieces = MessageSplitter.split(text, 33);
        assertThat(String.join("", pieces)).isEqualTo(text);
        assertThat(pieces).allSatisfy(p -> assertThat(MessageSplitter.utf8Length(p)).isLessThanOrEqualTo(33));
    }
}
