package dev.parley.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.config.ParleyConfig.CredentialSection;
import dev.parley.server.config.ParleyConfig.LimitsSection;
import dev.parley.server.config.ParleyConfig.ListenSection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader();

    private Path write(String toml) throws IOException {
        Path file = dir.resolve("parley.toml");
        Files.writeString(file, toml);
        return file;
    }

    @Test
    void readsTheConfigurationTheIrctestHarnessWrites() throws Exception {
        Path file = write("""
                [server]
                name = "My.Little.Server"
                [[listen]]
                host = "127.0.0.1"
                port = 41234
                tls = false
                [storage]
                data_dir = "/tmp/x/data"
                [rooms]
                auto_join = []
                [auth]
                allow_guests = true
                server_password = "hunter2"
                [[accounts]]
                name = "jilles"
                password = "sesame"
                [[accounts]]
                name = "other"
                password = "secret"
                [[operators]]
                name = "operuser"
                password = "operpassword"
                """);

        ParleyConfig config = loader.load(file);

        assertThat(config.server().name()).isEqualTo("My.Little.Server");
        assertThat(config.server().network()).isEqualTo("Parley");
        assertThat(config.listen()).containsExactly(new ListenSection("127.0.0.1", 41234, false));
        assertThat(config.storage().dataDir()).isEqualTo(Path.of("/tmp/x/data"));
        assertThat(config.rooms().autoJoin()).isEmpty();
        assertThat(config.auth().allowGuests()).isTrue();
        assertThat(config.auth().serverPassword()).contains("hunter2");
        assertThat(config.auth().selfRegistration()).isFalse();
        assertThat(config.auth().reserveAccountNicks()).isTrue();
        assertThat(config.accounts()).containsExactly(
                new CredentialSection("jilles", "sesame", Optional.empty()),
                new CredentialSection("other", "secret", Optional.empty()));
        assertThat(config.operators()).containsExactly(
                new CredentialSection("operuser", "operpassword", Optional.empty()));
        assertThat(config.tls()).isEqualTo(ParleyConfig.TlsSection.defaults());
        assertThat(config.limits()).isEqualTo(LimitsSection.defaults());
        assertThat(config.source()).contains(file);
    }

    @Test
    void readsEveryField() throws Exception {
        Path file = write("""
                # A full configuration.
                [server]
                name = "irc.example.org"
                network = "ExampleNet"
                description = "An example"
                motd = [
                  "Line one",
                  "Line two",
                ]

                [[listen]]
                host = "::1"
                port = 6697

                [[listen]]
                host = "0.0.0.0"
                port = 0
                tls = false

                [[listen]]
                host = "0.0.0.0"
                port = 0
                tls = false

                [storage]
                data_dir = "state"

                [rooms]
                auto_join = ["#lobby", "#help"]

                [auth]
                allow_guests = false
                self_registration = true
                reserve_account_nicks = false

                [tls]
                cert_file = "certs/fullchain.pem"
                key_file = "/etc/parley/key.pem"

                [limits]
                messages_per_second = 5
                message_burst = 10
                max_connections_per_ip = 3
                send_queue_bytes = 65536
                ping_interval_seconds = 30
                ping_timeout_seconds = 20
                max_rooms_per_user = 7
                registration_timeout_seconds = 15

                [[accounts]]
                name = "alice"
                password = "pw"
                display_name = "Alice A."
                """);

        ParleyConfig config = loader.load(file);

        assertThat(config.server()).isEqualTo(new ParleyConfig.ServerSection(
                "irc.example.org", "ExampleNet", "An example", List.of("Line one", "Line two")));
        assertThat(config.listen()).containsExactly(
                new ListenSection("::1", 6697, true),
                new ListenSection("0.0.0.0", 0, false),
                new ListenSection("0.0.0.0", 0, false));
        assertThat(config.storage().dataDir()).isEqualTo(dir.resolve("state"));
        assertThat(config.rooms().autoJoin()).containsExactly("#lobby", "#help");
        assertThat(config.auth()).isEqualTo(new ParleyConfig.AuthSection(false, Optional.empty(), true, false));
        assertThat(config.tls().certFile()).contains(dir.resolve("certs/fullchain.pem"));
        assertThat(config.tls().keyFile()).contains(Path.of("/etc/parley/key.pem"));
        assertThat(config.limits()).isEqualTo(new LimitsSection(5, 10, 3, 65536, 30, 20, 7, 15));
        assertThat(config.accounts()).containsExactly(
                new CredentialSection("alice", "pw", Optional.of("Alice A.")));
    }

    @Test
    void anEmptyFileMeansTheDefaultsWithTheDataDirectoryNextToTheFile() throws Exception {
        Path file = write("# nothing configured\n");

        ParleyConfig config = loader.load(file);

        ParleyConfig defaults = ParleyConfig.defaults();
        assertThat(config.server()).isEqualTo(defaults.server());
        assertThat(config.listen()).containsExactly(new ListenSection("0.0.0.0", 6697, true));
        assertThat(config.rooms()).isEqualTo(defaults.rooms());
        assertThat(config.auth()).isEqualTo(defaults.auth());
        assertThat(config.tls()).isEqualTo(defaults.tls());
        assertThat(config.limits()).isEqualTo(defaults.limits());
        assertThat(config.accounts()).isEmpty();
        assertThat(config.operators()).isEmpty();
        assertThat(config.storage().dataDir()).isEqualTo(dir.resolve("parley-data"));
        assertThat(config.source()).contains(file);
        assertThat(config.web().enabled()).isFalse();
        assertThat(config.metrics().enabled()).isFalse();
    }

    @Test
    void aWebOrMetricsSectionTurnsItsListenerOn() throws Exception {
        ParleyConfig config = loader.load(write("""
                [web]
                allowed_origins = ["https://chat.example.org", "http://localhost:5173"]
                [metrics]
                port = 9100
                """));
        assertThat(config.web()).isEqualTo(new ParleyConfig.WebSection(true, "0.0.0.0", 8443, true,
                List.of("https://chat.example.org", "http://localhost:5173")));
        assertThat(config.metrics()).isEqualTo(new ParleyConfig.MetricsSection(true, "127.0.0.1", 9100));

        ParleyConfig off = loader.load(write("""
                [web]
                enabled = false
                tls = false
                host = "127.0.0.1"
                port = 8080
                [metrics]
                enabled = false
                """));
        assertThat(off.web()).isEqualTo(new ParleyConfig.WebSection(false, "127.0.0.1", 8080, false, List.of()));
        assertThat(off.metrics().enabled()).isFalse();
    }

    @Test
    void missingKeysInAPresentSectionTakeTheirDefaults() throws Exception {
        ParleyConfig config = loader.load(write("""
                [server]
                network = "Net"
                [[listen]]
                tls = false
                [[listen]]
                host = "127.0.0.1"
                [auth]
                allow_guests = true
                """));

        assertThat(config.server().name()).isEqualTo("parley.local");
        assertThat(config.server().network()).isEqualTo("Net");
        assertThat(config.listen()).containsExactly(
                new ListenSection("0.0.0.0", 6667, false),
                new ListenSection("127.0.0.1", 6697, true));
        assertThat(config.auth()).isEqualTo(new ParleyConfig.AuthSection(true, Optional.empty(), false, true));
    }

    @Test
    void acceptsDottedKeysInlineTablesAndQuotedKeys() throws Exception {
        ParleyConfig config = loader.load(write("""
                server.name = "a.b"
                "rooms" = { auto_join = ['#x'] }
                [auth]
                "allow_guests" = true
                """));

        assertThat(config.server().name()).isEqualTo("a.b");
        assertThat(config.rooms().autoJoin()).containsExactly("#x");
        assertThat(config.auth().allowGuests()).isTrue();
    }

    @Test
    void loadingTwiceGivesEqualConfigurationsSoAReloadCanCompare() throws Exception {
        Path file = write("[server]\nname = \"a.b\"\n[[accounts]]\nname = \"x\"\npassword = \"y\"\n");

        assertThat(loader.load(file)).isEqualTo(loader.load(file));

        Files.writeString(file, "[server]\nname = \"c.d\"\n");
        assertThat(loader.load(file).server().name()).isEqualTo("c.d");
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("[server]\nname = \"a.b\"\n\n[[listen]]\nhost = \"127.0.0.1\"\n\nport = 70000\n",
                        "7: listen[0].port: must be between 0 and 65535, got 70000"),
                Arguments.of("[[listen]]\nport = -1\n",
                        "2: listen[0].port: must be between 0 and 65535, got -1"),
                Arguments.of("[[listen]]\nport = \"6667\"\n",
                        "2: listen[0].port: must be an integer, got a string"),
                Arguments.of("[[listen]]\nport = 6667.0\n",
                        "2: listen[0].port: must be an integer, got a float"),
                Arguments.of("[[listen]]\nport = 6667\ntls = \"no\"\n",
                        "3: listen[0].tls: must be true or false, got a string"),
                Arguments.of("[[listen]]\nhost = \"my host\"\n",
                        "2: listen[0].host: must be an IP address or host name, got \"my host\""),
                Arguments.of("[[listen]]\nhost = \"127.0.0.1\"\nport = 6667\n\n[[listen]]\nhost = \"127.0.0.1\"\n"
                                + "port = 6667\n",
                        "7: listen[1].port: listens on 127.0.0.1:6667 like listen[0]"),
                Arguments.of("[[listen]]\ntls = true\n[[listen]]\n",
                        "3: listen[1]: listens on 0.0.0.0:6697 like listen[0]"),
                Arguments.of("[web]\nallowed_origins = [\"chat.example.org\"]\n",
                        "2: web.allowed_origins[0]: must be an origin such as https://chat.example.org, "
                                + "got \"chat.example.org\""),
                Arguments.of("[web]\nport = 70000\n",
                        "2: web.port: must be between 0 and 65535, got 70000"),
                Arguments.of("[metrics]\nhost = \"my host\"\n",
                        "2: metrics.host: must be an IP address or host name, got \"my host\""),
                Arguments.of("[metrics]\npath = \"/m\"\n",
                        "2: metrics.path: unknown key"),
                Arguments.of("listen = []\n",
                        "1: listen: at least one listener is needed"),
                Arguments.of("[listen]\nport = 1\n",
                        "1: listen: must be an array of tables ([[listen]]), got a table"),
                Arguments.of("[server]\nname = \"localhost\"\n",
                        "2: server.name: must be a host-like name containing a dot, such as irc.example.org, "
                                + "got \"localhost\""),
                Arguments.of("[server]\nname = \"bad_name.example\"\n",
                        "2: server.name: must be a host-like name containing a dot, such as irc.example.org, "
                                + "got \"bad_name.example\""),
                Arguments.of("[server]\nname = \"" + "a".repeat(60) + ".com\"\n",
                        "2: server.name: must be at most 63 characters, got 64"),
                Arguments.of("[server]\nname = 2024-01-01\n",
                        "2: server.name: must be a string, got a date/time"),
                Arguments.of("[server]\nnetwork = \"My Net\"\n",
                        "2: server.network: must not contain spaces or control characters"),
                Arguments.of("[server]\nmotd = [\n  \"ok\",\n  \"two\\nlines\",\n]\n",
                        "4: server.motd[1]: must not contain line breaks or control characters"),
                Arguments.of("[server]\nmotd = \"hello\"\n",
                        "2: server.motd: must be an array of strings, got a string"),
                Arguments.of("[server]\nnmae = \"a.b\"\n",
                        "2: server.nmae: unknown key (did you mean name?)"),
                Arguments.of("[server]\nname = \"a.b\"\n\n[sever]\nname = \"a.b\"\n",
                        "4: sever: unknown section (did you mean server?)"),
                Arguments.of("[logging]\nlevel = \"debug\"\n",
                        "1: logging: unknown section"),
                Arguments.of("verbose = true\n",
                        "1: verbose: unknown key"),
                Arguments.of("server = \"a.b\"\n",
                        "1: server: must be a table ([server]), got a string"),
                Arguments.of("[rooms]\nauto_join = [\"#ok\", \"lobby\"]\n",
                        "2: rooms.auto_join[1]: must be a room name starting with '#', got \"lobby\""),
                Arguments.of("[rooms]\nauto_join = [\n  \"#ok\",\n  \"#a,b\",\n]\n",
                        "4: rooms.auto_join[1]: must not contain spaces, commas, colons or control characters, "
                                + "got \"#a,b\""),
                Arguments.of("[rooms]\nauto_join = [\"#\"]\n",
                        "2: rooms.auto_join[0]: must have a name after '#'"),
                Arguments.of("[rooms]\nauto_join = [\"#" + "x".repeat(50) + "\"]\n",
                        "2: rooms.auto_join[0]: must be at most 50 characters, got 51"),
                Arguments.of("[rooms]\nauto_join = [1]\n",
                        "2: rooms.auto_join[0]: must be a string, got an integer"),
                Arguments.of("[storage]\ndata_dir = \"\"\n",
                        "2: storage.data_dir: must not be empty"),
                Arguments.of("[auth]\nallow_guests = 1\n",
                        "2: auth.allow_guests: must be true or false, got an integer"),
                Arguments.of("[auth]\nserver_password = \"\"\n",
                        "2: auth.server_password: must not be empty; leave it out to need no password"),
                Arguments.of("[tls]\ncert_file = \"cert.pem\"\n",
                        "2: tls.cert_file: key_file must be set too"),
                Arguments.of("[tls]\n\nkey_file = \"key.pem\"\n",
                        "3: tls.key_file: cert_file must be set too"),
                Arguments.of("[limits]\nmessages_per_second = -4\n",
                        "2: limits.messages_per_second: must be at least 1, got -4"),
                Arguments.of("[limits]\nmax_rooms_per_user = 0\n",
                        "2: limits.max_rooms_per_user: must be at least 1, got 0"),
                Arguments.of("[limits]\nsend_queue_bytes = 99999999999\n",
                        "2: limits.send_queue_bytes: must be at most 2147483647, got 99999999999"),
                Arguments.of("[limits]\nping_interval_seconds = 1.5\n",
                        "2: limits.ping_interval_seconds: must be an integer, got a float"),
                Arguments.of("[[accounts]]\nname = \"\"\npassword = \"x\"\n",
                        "2: accounts[0].name: must not be empty"),
                Arguments.of("[[accounts]]\nname = \"a\"\npassword = \"\"\n",
                        "3: accounts[0].password: must not be empty"),
                Arguments.of("[[accounts]]\nname = \"a b\"\npassword = \"x\"\n",
                        "2: accounts[0].name: must not contain spaces or control characters"),
                Arguments.of("[[accounts]]\nname = \"a\"\npassword = \"x\"\n\n[[accounts]]\npassword = \"y\"\n",
                        "5: accounts[1]: name is missing"),
                Arguments.of("[[accounts]]\nname = \"a\"\n",
                        "1: accounts[0]: password is missing"),
                Arguments.of("[[accounts]]\nname = \"Jilles\"\npassword = \"x\"\n[[accounts]]\nname = \"jilles\"\n"
                                + "password = \"y\"\n",
                        "5: accounts[1].name: same account name as accounts[0]"),
                Arguments.of("[[accounts]]\nname = \"a\"\npassword = 1234\n",
                        "3: accounts[0].password: must be a string, got an integer"),
                Arguments.of("[[operators]]\nname = \"op\"\npassword = \"pw\"\ndisplay_name = \"Op\"\n",
                        "4: operators[0].display_name: unknown key"),
                Arguments.of("[[operators]]\nname = \"op\"\npassword = \"pw\"\n[operators.extra]\nx = 1\n",
                        "4: operators[0].extra: unknown key"),
                Arguments.of("accounts = [1]\n",
                        "1: accounts[0]: must be a table, got an integer"));
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void reportsABadValueWithFileLineKeyAndReason(String toml, String expected) throws IOException {
        Path file = write(toml);

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":" + expected);
    }

    static Stream<Arguments> syntaxErrors() {
        return Stream.of(
                Arguments.of("[server]\nname = \"a.b\"\nname = \"c.d\"\n",
                        "3: server.name: set twice, first on line 2"),
                Arguments.of("[[listen]]\nport = 1\n[[listen]]\nport = 2\ntls = false\ntls = true",
                        "6: listen[1].tls: set twice, first on line 5"),
                Arguments.of("[server.name]\nx = 1\n[server]\nname = \"a\"\n",
                        "4: server.name: set twice, first on line 1"),
                Arguments.of("[server]\nname = \"a.b\n", "2: TOML syntax error: newline not permitted here"),
                Arguments.of("[server]\n[server]\n", "2: TOML syntax error: table redefined"),
                Arguments.of("a = 1\nb = = 2\n", "2: TOML syntax error: unknown token"));
    }

    @ParameterizedTest
    @MethodSource("syntaxErrors")
    void reportsTomlSyntaxErrorsWithTheLine(String toml, String expected) throws IOException {
        Path file = write(toml);

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":" + expected);
    }

    @Test
    void reportsTheEarliestProblemAndListsTheOthers() throws IOException {
        Path file = write("""
                [limits]
                message_burst = -1

                [server]
                name = "nodot"

                [[listen]]
                port = 123456
                """);

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(file + ":2: limits.message_burst: must be at least 1, got -1");
                    assertThat(e.problems()).containsExactly(
                            file + ":2: limits.message_burst: must be at least 1, got -1",
                            file + ":5: server.name: must be a host-like name containing a dot, "
                                    + "such as irc.example.org, got \"nodot\"",
                            file + ":8: listen[0].port: must be between 0 and 65535, got 123456");
                    assertThat(e.file()).isEqualTo(file);
                });
    }

    @Test
    void reportsAMissingFile() {
        Path file = dir.resolve("absent.toml");

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": no such file");
    }

    @Test
    void reportsAFileThatIsNotUtf8() throws IOException {
        Path file = dir.resolve("latin1.toml");
        Files.write(file, "[server]\nname = \"caf\u00e9.example\"\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": not UTF-8 text, which TOML requires");
    }

    @Test
    void doesNotPutPasswordsInTheMessage() throws IOException {
        Path file = write("[[accounts]]\nname = \"a b\"\npassword = \"topsecret\"\n");

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("topsecret"));
    }
}
