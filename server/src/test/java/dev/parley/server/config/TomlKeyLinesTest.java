package dev.parley.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TomlKeyLinesTest {
    private static final KeyPath ROOT = KeyPath.ROOT;

    @Test
    void findsKeysTablesAndArraysOfTables() {
        TomlKeyLines lines = TomlKeyLines.scan("""
                # comment
                top = 1

                [server]
                name = "x"  # trailing comment
                [[listen]]
                port = 1
                [[listen]]

                port = 2
                """);

        assertThat(lines.lineOf(ROOT.key("top"))).isEqualTo(2);
        assertThat(lines.lineOf(ROOT.key("server"))).isEqualTo(4);
        assertThat(lines.lineOf(ROOT.key("server").key("name"))).isEqualTo(5);
        assertThat(lines.lineOf(ROOT.key("listen").index(0))).isEqualTo(6);
        assertThat(lines.lineOf(ROOT.key("listen").index(0).key("port"))).isEqualTo(7);
        assertThat(lines.lineOf(ROOT.key("listen").index(1))).isEqualTo(8);
        assertThat(lines.lineOf(ROOT.key("listen").index(1).key("port"))).isEqualTo(10);
    }

    @Test
    void countsLinesInsideMultiLineStringsAndArrays() {
        TomlKeyLines lines = TomlKeyLines.scan("""
                a = \"""
                one "quoted" \\
                two
                \"""
                b = '''
                x'''
                c = [
                  "p", # first
                  [1,
                   2],
                  'q',
                ]
                d = { e = 1, f = "g" }
                h = 1979-05-27 07:32:00Z
                """);

        assertThat(lines.lineOf(ROOT.key("b"))).isEqualTo(5);
        assertThat(lines.lineOf(ROOT.key("c"))).isEqualTo(7);
        assertThat(lines.lineOf(ROOT.key("c").index(0))).isEqualTo(8);
        assertThat(lines.lineOf(ROOT.key("c").index(1))).isEqualTo(9);
        assertThat(lines.lineOf(ROOT.key("c").index(1).index(1))).isEqualTo(10);
        assertThat(lines.lineOf(ROOT.key("c").index(2))).isEqualTo(11);
        assertThat(lines.lineOf(ROOT.key("d").key("f"))).isEqualTo(13);
        assertThat(lines.lineOf(ROOT.key("h"))).isEqualTo(14);
    }

    @Test
    void resolvesDottedQuotedAndNestedKeys() {
        TomlKeyLines lines = TomlKeyLines.scan("""
                server.name = "x"
                [[listen]]
                [listen.extra]
                "odd key" = 1
                [ "a" . 'b' ]
                c = 2
                """);

        assertThat(lines.lineOf(ROOT.key("server"))).isEqualTo(1);
        assertThat(lines.lineOf(ROOT.key("server").key("name"))).isEqualTo(1);
        assertThat(lines.lineOf(ROOT.key("listen").index(0).key("extra"))).isEqualTo(3);
        assertThat(lines.lineOf(ROOT.key("listen").index(0).key("extra").key("odd key"))).isEqualTo(4);
        assertThat(lines.lineOf(ROOT.key("a").key("b").key("c"))).isEqualTo(6);
    }

    @Test
    void fallsBackToTheClosestKnownParent() {
        TomlKeyLines lines = TomlKeyLines.scan("x = 1\n[[accounts]]\nname = \"a\"\n");

        assertThat(lines.lineOf(ROOT.key("accounts").index(0).key("password"))).isEqualTo(2);
        assertThat(lines.lineOf(ROOT.key("nothing"))).isZero();
    }

    @Test
    void quotesKeysThatAreNotBareInPaths() {
        assertThat(ROOT.key("server").key("odd key").toString()).isEqualTo("server.\"odd key\"");
        assertThat(ROOT.key("listen").index(3).key("port").toString()).isEqualTo("listen[3].port");
    }
}
