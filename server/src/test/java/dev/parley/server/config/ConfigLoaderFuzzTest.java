package dev.parley.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.server.testing.ScratchFile;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Jazzer over the configuration loader: any bytes in {@code parley.toml} give a configuration or a
 * {@link ConfigException} whose every problem is one line naming the file, never another exception.
 */
class ConfigLoaderFuzzTest {
    private static final ConfigLoader LOADER = new ConfigLoader();
    private static ScratchFile scratch;

    @BeforeAll
    static void makeFile() throws IOException {
        scratch = new ScratchFile("parley.toml");
    }

    @AfterAll
    static void removeFile() throws IOException {
        scratch.close();
    }

    @FuzzTest(maxDuration = "10m")
    void loadsOrNamesTheProblem(byte[] input) throws IOException {
        Path file = scratch.write(input);
        try {
            ParleyConfig config = LOADER.load(file);
            assertThat(config.source()).contains(file);
        } catch (ConfigException e) {
            assertThat(e.problems()).isNotEmpty().allSatisfy(problem -> assertThat(problem)
                    .startsWith(file + ":")
                    .doesNotContain("\n", "\r"));
            assertThat(e.getMessage()).isEqualTo(e.problems().get(0));
        }
    }
}
