package dev.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedMemberFileTest {

    static Path fixture(String name) {
        try {
            return Path.of(Objects.requireNonNull(SeedMemberFileTest.class.getResource("/seed/" + name)).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsTheSeedFileIncludingRecordsSplitOverLinesAndTabs() throws Exception {
        SeedMemberFile.Result result = SeedMemberFile.parse(fixture("seed-members.txt"));

        assertThat(result.problems()).isEmpty();
        assertThat(result.members()).extracting(SeedMember::memberNumber, SeedMember::realName, SeedMember::line)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("19803001", "Aakash Agrawal", 1),
                        org.assertj.core.groups.Tuple.tuple("19803002", "Naivedya Khare", 2),
                        org.assertj.core.groups.Tuple.tuple("19803003", "Khushboo Kumari", 5),
                        org.assertj.core.groups.Tuple.tuple("19803007", "Gautam Maheshwari", 8),
                        org.assertj.core.groups.Tuple.tuple("19803021", "Pranav Gupta", 11),
                        org.assertj.core.groups.Tuple.tuple("19803023", "Sanskar Gupta", 12));
        // The README's passwords match the hashes.
        assertThat(byNumber(result, "19803001").sha256Hex()).isEqualTo(LegacySha256.hash("blue-river-17"));
        assertThat(byNumber(result, "19803002").sha256Hex()).isEqualTo(LegacySha256.hash("quiet-forest-8"));
        assertThat(byNumber(result, "19803003").sha256Hex()).isEqualTo(LegacySha256.hash("amber-sky-42"));
        assertThat(byNumber(result, "19803007").sha256Hex()).isEqualTo(LegacySha256.hash("paper-moon-3"));
        assertThat(byNumber(result, "19803021").sha256Hex()).isEqualTo(LegacySha256.hash("hello-everyone"));
        assertThat(byNumber(result, "19803023").sha256Hex()).isEqualTo(LegacySha256.hash("cn-lab-2023"));
    }

    @Test
    void reportsEachBadRecordOfTheBadFileWithItsLine() throws Exception {
        SeedMemberFile.Result result = SeedMemberFile.parse(fixture("seed-members-bad.txt"));

        assertThat(result.members()).extracting(SeedMember::memberNumber, SeedMember::realName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("19803030", "Muskan Sharma"));
        assertThat(result.problems()).extracting(SeedMemberFile.Problem::line).containsExactly(2, 3, 4);
        assertThat(result.problems().get(0).message()).contains("1980303", "7 digits", "exactly 8");
        assertThat(result.problems().get(1).message()).contains("19803031", "not 64 hex digits");
        assertThat(result.problems().get(2).message()).contains("19803032", "no password hash");
        // A hash, even a malformed one, is never quoted back.
        assertThat(result.problems()).allSatisfy(p -> assertThat(p.message()).doesNotContain("12345zz"));
        assertThat(result.problems().get(0).toString()).startsWith("line 2: ");
    }

    @Test
    void reportsDuplicatesAndKeepsTheFirst() {
        String h1 = LegacySha256.hash("one");
        String h2 = LegacySha256.hash("two");
        SeedMemberFile.Result result = SeedMemberFile.parse(
                "12345678 First Person " + h1 + "\n12345678 Second Person " + h2 + "\n");
        assertThat(result.members()).singleElement().satisfies(m -> {
            assertThat(m.realName()).isEqualTo("First Person");
            assertThat(m.sha256Hex()).isEqualTo(h1);
        });
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).contains("12345678", "first on line 1");
        });
    }

    @Test
    void reportsStrayWordsMissingNamesAndBadHexThenCarriesOn() {
        String good = LegacySha256.hash("x");
        String notHex = "g".repeat(63) + "1";
        SeedMemberFile.Result result = SeedMemberFile.parse("\uFEFFhello there\n"
                + "11111111 " + good + "\n"
                + "22222222 Bad Hex " + notHex + "\n"
                + "33333333 Good One " + good.toUpperCase() + "\r\n"
                + "44444444 Also Good\n\n   " + good + "\n");
        assertThat(result.problems()).extracting(SeedMemberFile.Problem::line).containsExactly(1, 2, 3);
        assertThat(result.problems().get(0).message()).contains("expected an 8-digit member number", "'hello'");
        assertThat(result.problems().get(1).message()).contains("11111111", "no name");
        assertThat(result.problems().get(2).message()).contains("22222222", "not all hex digits");
        assertThat(result.members()).extracting(SeedMember::memberNumber, SeedMember::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("33333333", 4),
                        org.assertj.core.groups.Tuple.tuple("44444444", 5));
        assertThat(result.members().get(0).sha256Hex()).isEqualTo(good);
    }

    @Test
    void anEmptyFileHasNoMembersAndNoProblems() {
        assertThat(SeedMemberFile.parse("  \n\t\n").members()).isEmpty();
        assertThat(SeedMemberFile.parse("").hasProblems()).isFalse();
    }

    @Test
    void toStringLeavesOutTheHash() {
        SeedMember member = new SeedMember("12345678", "A B", LegacySha256.hash("x"), 1);
        assertThat(member.toString()).doesNotContain(LegacySha256.hash("x"));
    }

    private static SeedMember byNumber(SeedMemberFile.Result result, String number) {
        return result.members().stream().filter(m -> m.memberNumber().equals(number)).findFirst().orElseThrow();
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedWithItsFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("members.txt");
        Files.write(file, ("19803001 Ann Example " + LegacySha256.hash("x") + "\r\n19803002 Caf\u00e9 Owner "
                + LegacySha256.hash("y") + "\n").getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> SeedMemberFile.parse(file)).isInstanceOf(IOException.class)
                .hasMessage(file + ":2: not UTF-8 text; save the member file as UTF-8");
    }

    /** Found by SeedMemberFileFuzzTest: a long run of digits was quoted whole, as a hash could be. */
    @Test
    void aLongRunOfDigitsWhereANumberShouldBeIsNotQuoted() {
        String digits = "3".repeat(63);
        SeedMemberFile.Result result = SeedMemberFile.parse(digits + " Ann Example " + LegacySha256.hash("x") + "\n");

        assertThat(result.problems()).extracting(SeedMemberFile.Problem::toString)
                .containsExactly("line 1: member number has 63 digits; it must have exactly 8");
    }
}
