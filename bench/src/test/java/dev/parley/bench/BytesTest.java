package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BytesTest {
    @Test
    void findsTheFirstNewlineWhereverItIs() {
        for (int length = 0; length < 40; length++) {
            for (int at = -1; at < length; at++) {
                byte[] a = new byte[length + 3];
                java.util.Arrays.fill(a, (byte) 'x');
                a[0] = (byte) 0x8A; // a byte with the high bit set must not match
                if (at >= 0) {
                    a[at] = '\n';
                }
                a[length] = '\n'; // past the range: never found
                for (int from = 0; from <= Math.max(0, at); from++) {
                    int expected = at >= from ? at : -1;
                    assertThat(Bytes.indexOfNewline(a, from, length)).as("length %d, at %d, from %d", length, at, from)
                            .isEqualTo(expected);
                }
            }
        }
        byte[] line = "PRIVMSG #f :b 1 2 3 4 xxxxxxxxxxxxx\r\nNEXT".getBytes(StandardCharsets.US_ASCII);
        assertThat(Bytes.indexOfNewline(line, 0, line.length)).isEqualTo(36);
    }
}
