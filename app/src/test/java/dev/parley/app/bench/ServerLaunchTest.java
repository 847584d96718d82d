package dev.parley.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerLaunchTest {
    @Test
    void theLaunchersOptionsAreOnePerWord() {
        assertEquals(List.of("-XX:+UseSerialGC", "-Xmn16m", "-XX:TrimNativeHeapInterval=2000"),
                ServerLaunch.launcherOptions(" -XX:+UseSerialGC  -Xmn16m\t-XX:TrimNativeHeapInterval=2000 "));
    }

    @Test
    void withoutTheLauncherTheJvmKeepsItsDefaults() {
        assertEquals(List.of(), ServerLaunch.launcherOptions(null));
        assertEquals(List.of(), ServerLaunch.launcherOptions("  "));
    }

    @Test
    void optionsGivenOnTheCommandLineWin() {
        assertEquals(List.of("-Xmx64m"), ServerLaunch.of("Main", List.of("-Xmx64m")).javaOptions());
    }
}
