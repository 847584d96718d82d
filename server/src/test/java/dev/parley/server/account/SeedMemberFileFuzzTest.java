package dev.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * Jazzer over the seed member-file parser: any text gives members and problems, never an
 * exception; every member is well-formed and unique, every problem points at a line of the file,
 * and no problem quotes a password hash.
 */
class SeedMemberFileFuzzTest {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HEX_RUN = Pattern.compile("(?i)[0-9a-f]{64}");

    @FuzzTest(maxDuration = "10m")
    void parsesIntoWellFormedMembersAndLocatedProblems(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        SeedMemberFile.Result result = SeedMemberFile.parse(text);

        int lines = 1 + (int) text.chars().filter(c -> c == '\n').count()
                + (int) text.replace("\r\n", "").chars().filter(c -> c == '\r').count();
        Set<String> numbers = new HashSet<>();
        for (SeedMember member : result.members()) {
            assertThat(member.memberNumber()).matches("[0-9]{8}");
            assertThat(numbers.add(member.memberNumber())).as("member %s twice", member.memberNumber()).isTrue();
            assertThat(member.sha256Hex()).matches(HASH);
            assertThat(member.realName()).isNotBlank().hasSizeLessThanOrEqualTo(SeedMemberFile.MAX_NAME_LENGTH);
            assertThat(member.line()).isBetween(1, lines);
        }
        for (SeedMemberFile.Problem problem : result.problems()) {
            assertThat(problem.line()).isBetween(1, lines);
            assertThat(problem.message()).isNotBlank();
            // A run of hex letters without a digit reads as a name word and may be quoted; no real hash is that.
            assertThat(HEX_RUN.matcher(problem.message()).results().map(MatchResult::group))
                    .as("a problem quotes a hash: %s", problem).noneMatch(run -> run.matches(".*[0-9].*"));
        }
    }
}
