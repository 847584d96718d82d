package dev.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IrcParserTest {

    @Test
    void parsesCommandAndParams() throws Exception {
        IrcMessage m = IrcParser.parse("privmsg #lobby :Hello Everyone");
        assertThat(m.command()).isEqualTo("PRIVMSG");
        assertThat(m.params()).containsExactly("#lobby", "Hello Everyone");
        assertThat(m.source()).isNull();
        assertThat(m.tags()).isEmpty();
    }

    @Test
    void parsesTagsSourceAndTrailing() throws Exception {
        IrcMessage m = IrcParser.parse("@time=2023-11-01T10:00:00.000Z;+example.com/x=a\\sb\\:c;flag :nick!user@host PRIVMSG #a :hi there");
        assertThat(m.tags()).containsExactly(
                Map.entry("time", "2023-11-01T10:00:00.000Z"),
                Map.entry("+example.com/x", "a b;c"),
                Map.entry("flag", ""));
        assertThat(m.source()).isEqualTo("nick!user@host");
        assertThat(m.params()).containsExactly("#a", "hi there");
    }

    @Test
    void toleratesRepeatedSpacesAndEmptyTrailing() throws Exception {
        IrcMessage m = IrcParser.parse("USER  guest   0 * :");
        assertThat(m.params()).containsExactly("guest", "0", "*", "");
    }

    @Test
    void trailingMayHoldColonsAndSpaces() throws Exception {
        IrcMessage m = IrcParser.parse("PRIVMSG #a ::-) a  b ");
        assertThat(m.params()).containsExactly("#a", ":-) a  b ");
    }

    @Test
    void numericCommands() throws Exception {
        assertThat(IrcParser.parse(":srv 001 nick :Welcome").command()).isEqualTo("001");
        assertThat(IrcParser.parse("NO_SUCH-CMD x").command()).isEqualTo("NO_SUCH-CMD");
    }

    @Test
    void refusesControlCharactersAndMalformedLines() {
        assertThatThrownBy(() -> IrcParser.parse("PRIVMSG #a :a\0b")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> IrcParser.parse("")).hasMessageContaining("Empty command");
        assertThatThrownBy(() -> IrcParser.parse("@a=b")).hasMessageContaining("no command");
        assertThatThrownBy(() -> IrcParser.parse(":src")).hasMessageContaining("no command");
        assertThatThrownBy(() -> IrcParser.parse("PRIV.MSG x")).hasMessageContaining("Malformed command");
        assertThatThrownBy(() -> IrcParser.parse("@=x PING")).hasMessageContaining("tag");
    }

    @Test
    void lastRepeatedTagWins() throws Exception {
        assertThat(IrcParser.parse("@a=1;a=2 PING").tags()).containsExactly(Map.entry("a", "2"));
    }

    @Test
    void tagUnescaping() {
        assertThat(MessageTags.unescape("a\\\\b\\n\\r\\x\\")).isEqualTo("a\\b\n\rx");
        assertThat(MessageTags.escape("a; b\\\r\n")).isEqualTo("a\\:\\sb\\\\\\r\\n");
    }

    @Test
    void serializesTrailingOnlyWhenNeeded() {
        assertThat(IrcSerializer.serialize(IrcMessage.of("PRIVMSG", "#a", "hi"))).isEqualTo("PRIVMSG #a hi");
        assertThat(IrcSerializer.serialize(IrcMessage.of("PRIVMSG", "#a", "hi there"))).isEqualTo("PRIVMSG #a :hi there");
        assertThat(IrcSerializer.serialize(IrcMessage.of("TOPIC", "#a", ""))).isEqualTo("TOPIC #a :");
        assertThat(IrcSerializer.serialize(IrcMessage.of("PRIVMSG", "#a", ":)"))).isEqualTo("PRIVMSG #a ::)");
        assertThat(IrcSerializer.serialize(new IrcMessage(Map.of("time", "x y"), "srv", "NOTICE", List.of("*", "a"))))
                .isEqualTo("@time=x\\sy :srv NOTICE * a");
        assertThatThrownBy(() -> IrcSerializer.serialize(IrcMessage.of("X", "a b", "c")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void caseMappings() {
        assertThat(CaseMapping.RFC1459.fold("Alice[]\\~")).isEqualTo("alice{}|^");
        assertThat(CaseMapping.ASCII.fold("Alice[]")).isEqualTo("alice[]");
        assertThat(CaseMapping.RFC1459.equals("NICK{", "nick[")).isTrue();
    }
}
