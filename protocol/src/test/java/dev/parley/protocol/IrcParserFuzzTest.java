package dev.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer over the line parser: whatever a client sends, {@link IrcParser#parse} returns a message
 * or refuses it with an {@link IrcParseException}, and what it returns serializes to a line that
 * parses back to the same message. A plain build replays the corpus in {@code IrcParserFuzzTestInputs};
 * {@code JAZZER_FUZZ=1} fuzzes for ten minutes.
 */
class IrcParserFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void parsesOrRefusesAndRoundTrips(byte[] input) {
        // The server only parses lines that are valid UTF-8; decoding with replacement gives the parser
        // every string such a line can become.
        String line = new String(input, StandardCharsets.UTF_8);
        IrcMessage message;
        try {
            message = IrcParser.parse(line);
        } catch (IrcParseException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(message.command()).isNotEmpty().isUpperCase();
        String serialized = IrcSerializer.serialize(message);
        assertThat(serialized).doesNotContain("\r", "\n", "\0");
        try {
            assertThat(IrcParser.parse(serialized)).isEqualTo(message);
        } catch (IrcParseException e) {
            throw new AssertionError("parsed '" + line + "' but its serialization '" + serialized + "' is refused", e);
        }
    }
}
