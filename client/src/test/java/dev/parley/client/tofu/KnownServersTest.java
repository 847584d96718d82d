package dev.parley.client.tofu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownServersTest {
    private static final String FP_A = "AA:" + "01:".repeat(30) + "FF";
    private static final String FP_B = "BB:" + "02:".repeat(30) + "EE";

    @TempDir
    Path dir;

    @Test
    void pinsCreateTheFileAndReplaceEarlierPins() throws Exception {
        KnownServers known = new KnownServers(dir.resolve("parley").resolve("known_servers"));
        assertThat(known.pinned("chat.example.org", 6697)).isEmpty();
        known.pin("Chat.Example.org", 6697, FP_A);
        known.pin("chat.example.org", 7000, FP_B);
        assertThat(known.pinned("chat.example.org", 6697)).contains(FP_A);
        known.pin("chat.example.org", 6697, FP_B.replace(":", "").toLowerCase());
        assertThat(known.pinned("CHAT.example.org", 6697)).contains(FP_B);
        assertThat(known.pinned("chat.example.org", 7000)).contains(FP_B);
        assertThat(Files.readAllLines(known.file())).filteredOn(l -> l.startsWith("chat.example.org:"))
                .containsExactly("chat.example.org:7000 " + FP_B, "chat.example.org:6697 " + FP_B);
    }

    @Test
    void keepsCommentsAndLinesItDoesNotUnderstand() throws Exception {
        Path file = dir.resolve("known_servers");
        Files.write(file, List.of("# mine", "garbage line", "old.example:6697 " + FP_A));
        KnownServers known = new KnownServers(file);
        assertThat(known.pinned("old.example", 6697)).contains(FP_A);
        known.pin("new.example", 6697, FP_B);
        assertThat(Files.readAllLines(file)).containsExactly("# mine", "garbage line", "old.example:6697 " + FP_A,
                "new.example:6697 " + FP_B);
    }

    @Test
    void writesIpv6AddressesInBrackets() {
        assertThat(KnownServers.key("::1", 6697)).isEqualTo("[::1]:6697");
        assertThat(KnownServers.key("127.0.0.1", 6697)).isEqualTo("127.0.0.1:6697");
    }

    @Test
    void livesUnderTheConfigDirectory() {
        Path home = Path.of("/home/pranav");
        assertThat(KnownServers.defaultFile(Map.of(), home)).isEqualTo(Path.of("/home/pranav/.config/parley/known_servers"));
        assertThat(KnownServers.defaultFile(Map.of("XDG_CONFIG_HOME", "/xdg"), home))
                .isEqualTo(Path.of("/xdg/parley/known_servers"));
    }

    @Test
    void readsFingerprintsAsPeoplePasteThem() {
        assertThat(Fingerprints.normalize("sha256:" + FP_A.toLowerCase())).isEqualTo(FP_A);
        assertThat(Fingerprints.normalize(FP_A.replace(":", " "))).isEqualTo(FP_A);
        assertThatThrownBy(() -> Fingerprints.normalize("AA:BB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fingerprints.normalize(FP_A.replace('A', 'Z'))).isInstanceOf(IllegalArgumentException.class);
    }
}
