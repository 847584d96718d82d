package dev.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.server.testing.ScratchFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Jazzer over the seed member-file importer's reader, from the file as {@code parley admin import}
 * reads it: any bytes give members and problems, or (not UTF-8) one line naming the file and line,
 * never another exception; every member is well-formed and unique, every problem points at a line
 * of the file, and no problem quotes a password hash.
 */
class SeedMemberFileFuzzTest {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HEX_RUN = Pattern.compile("(?i)[0-9a-f]{64}");
    private static ScratchFile scratch;

    @BeforeAll
    static void makeFile() throws IOException {
        scratch = new ScratchFile("members.txt");
    }

    @AfterAll
    static void removeFile() throws IOException {
        scratch.close();
    }

    @FuzzTest(maxDuration = "10m")
    void parsesIntoWellFormedMembersAndLocatedProblems(byte[] input) throws IOException {
        Path file = scratch.write(input);
        int lines = 1;
        for (int i = 0; i < input.length; i++) {
            if (input[i] == '\n' || (input[i] == '\r' && (i + 1 >= input.length || input[i + 1] != '\n'))) {
                lines++;
            }
        }
        SeedMemberFile.Result result;
        try {
            result = SeedMemberFile.parse(file);
        } catch (IOException notUtf8) {
            assertThat(notUtf8.getMessage()).matches(Pattern.quote(file.toString()) + ":[0-9]+: not UTF-8 text.*");
            int line = Integer.parseInt(notUtf8.getMessage().substring(file.toString().length() + 1).split(":")[0]);
            assertThat(line).isBetween(1, lines);
            return;
        }

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
