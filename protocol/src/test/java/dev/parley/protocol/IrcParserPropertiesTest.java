package dev.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties over the parser: it never throws anything but IrcParseException, and round-trips. */
class IrcParserPropertiesTest {

    @Property(tries = 3000)
    void anyLineParsesOrIsRefusedCleanly(@ForAll("lines") String line) {
        try {
            IrcMessage m = IrcParser.parse(line);
            // Whatever parsed must serialize and parse back to the same message.
            assertThat(IrcParser.parse(IrcSerializer.serialize(m))).isEqualTo(m);
        } catch (IrcParseException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 3000)
    void serializeThenParseIsIdentity(@ForAll("messages") IrcMessage message) throws Exception {
        assertThat(IrcParser.parse(IrcSerializer.serialize(message))).isEqualTo(message);
    }

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> noise = Arbitraries.strings().withCharRange(' ', '~').withChars('\0', '\r', '\n', 'é', '\\', ';', '@', ':').ofMaxLength(80);
        Arbitrary<String> shaped = messages().map(IrcSerializer::serialize);
        return Arbitraries.oneOf(noise, shaped, Combinators.combine(shaped, noise).as((a, b) -> a + b));
    }

    @Provide
    Arbitrary<IrcMessage> messages() {
        Arbitrary<String> word = Arbitraries.strings().withCharRange('!', '~').withChars('é', 'ü', '日')
                .ofMinLength(1).ofMaxLength(12).filter(s -> s.charAt(0) != ':' && s.charAt(0) != '@');
        Arbitrary<String> trailing = Arbitraries.strings().withCharRange(' ', '~').withChars('é').ofMaxLength(30);
        Arbitrary<String> command = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(10),
                Arbitraries.strings().numeric().ofLength(3));
        Arbitrary<String> tagKey = Arbitraries.strings().withCharRange('a', 'z').withChars('-').ofMinLength(1).ofMaxLength(8)
                .map(k -> k).flatMap(k -> Arbitraries.of("", "+", "+vendor.example/", "v.org/").map(p -> p + k));
        Arbitrary<String> tagValue = Arbitraries.strings().withCharRange(' ', '~').withChars('\r', '\n', ';', '\\', 'é').ofMaxLength(15);
        Arbitrary<Map<String, String>> tags = Arbitraries.maps(tagKey, tagValue).ofMaxSize(4)
                .map(LinkedHashMap::new);
        Arbitrary<String> source = Arbitraries.oneOf(Arbitraries.just(null), word.map(w -> w.replace(" ", "")));
        Arbitrary<List<String>> middles = word.list().ofMaxSize(5);
        Arbitrary<String> last = Arbitraries.oneOf(Arbitraries.just(null), trailing);
        return Combinators.combine(tags, source, command, middles, last).as((t, s, c, m, l) -> {
            List<String> params = new ArrayList<>(m);
            if (l != null) {
                params.add(l);
            }
            return new IrcMessage(t, s, c, params);
        });
    }
}
