package dev.parley.client.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthenticatePayloadTest {

    @Test
    void anEmptyPayloadIsAPlus() {
        assertThat(AuthenticatePayload.encode(new byte[0])).containsExactly("+");
    }

    @Test
    void splitsIntoLinesOf400AndEndsAnExactMultipleWithAPlus() {
        byte[] exactly400 = new byte[300]; // 300 bytes are 400 base64 characters
        assertThat(AuthenticatePayload.encode(exactly400)).hasSize(2).last().isEqualTo("+");
        List<String> longer = AuthenticatePayload.encode(new byte[500]);
        assertThat(longer).hasSize(2);
        assertThat(longer.get(0)).hasSize(400);
        assertThat(longer.get(1)).hasSizeLessThan(400);
    }

    @Test
    void reassemblesWhatItSplits() throws SaslFailure {
        for (int size : new int[] {0, 1, 299, 300, 301, 600, 1000}) {
            byte[] payload = new byte[size];
            Arrays.fill(payload, (byte) 'x');
            AuthenticatePayload reader = new AuthenticatePayload();
            byte[] result = null;
            for (String chunk : AuthenticatePayload.encode(payload)) {
                assertThat(result).as("payload complete before its last line").isNull();
                result = reader.feed(chunk);
            }
            assertThat(result).isEqualTo(payload);
        }
    }

    @Test
    void readsAShortChallengeInOneLine() throws SaslFailure {
        String b64 = Base64.getEncoder().encodeToString("r=abc,s=xyz,i=4096".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(new AuthenticatePayload().feed(b64), StandardCharsets.UTF_8))
                .isEqualTo("r=abc,s=xyz,i=4096");
    }
}
