package dev.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IsupportTest {
    @Test
    void changesNameWhatIsNewWhatChangedAndWhatWentAway() {
        Isupport before = new Isupport().put("NETWORK", "Old").put("NICKLEN", "30").put("WHOX", null)
                .put("CHATHISTORY", "500");
        Isupport after = new Isupport().put("NETWORK", "New").put("NICKLEN", "30").put("WHOX", null)
                .put("UTF8ONLY", null);
        assertThat(after.changesSince(before)).containsExactly("NETWORK=New", "UTF8ONLY", "-CHATHISTORY");
        assertThat(after.changesSince(after)).isEmpty();
    }

    @Test
    void linesHoldThirteenTokensEach() {
        Isupport many = new Isupport();
        for (int i = 0; i < 27; i++) {
            many.put("T" + i, i % 2 == 0 ? null : String.valueOf(i));
        }
        List<List<String>> lines = many.lines();
        assertThat(lines).extracting(List::size).containsExactly(13, 13, 1);
        assertThat(lines.get(0).get(1)).isEqualTo("T1=1");
        assertThat(many.tokens()).hasSize(27);
    }
}
