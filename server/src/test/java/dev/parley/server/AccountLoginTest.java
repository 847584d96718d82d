package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.account.AccountStore;
import dev.parley.server.account.SqliteAccountStore;
import dev.parley.server.store.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import dev.parley.server.account.SeedMemberFile;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.net.tls.CertificateGenerator;
import dev.parley.server.net.tls.CertifiedKey;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.SaslClient;
import dev.parley.server.testing.TestServers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Members only: SASL over real TLS against the server's own SQLite account database. */
class AccountLoginTest {
    @TempDir
    static Path dataDir;
    static ParleyServer server;
    static InetSocketAddress address;
    static String fingerprint;
    static AccountStore store;

    @BeforeAll
    static void start() throws Exception {
        ParleyConfig config = TestServers.plaintext(dataDir)
                .withListen(List.of(new ParleyConfig.ListenSection("127.0.0.1", 0, true)))
                .withAuth(ParleyConfig.AuthSection.defaults())
                .withRooms(new ParleyConfig.RoomsSection(List.of("#lobby")));
        server = ParleyServer.start(config);
        address = server.boundAddresses().get(0);
        fingerprint = server.certificateFingerprint().orElseThrow();
        store = server.accounts().store();
        store.create("19803021", "Pranav Gupta", "hello-everyone");
        store.create("19803099", "Ritawari Pareek", "cn-project");
        store.create("lockme", "Locked Member", "right-password");
        store.setLocked("lockme", true);
        store.create("guessme", "Guessed Member", "right-password");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static IrcTestClient saslClient(CertifiedKey certificate) throws Exception {
        IrcTestClient c = IrcTestClient.connectTls(address, fingerprint, certificate);
        assertThat(c.capLs()).contains("sasl=SCRAM-SHA-256,PLAIN,EXTERNAL");
        c.send("CAP REQ :sasl extended-join");
        assertThat(c.await("CAP").param(1)).isEqualTo("ACK");
        return c;
    }

    private static List<IrcMessage> finishRegistration(IrcTestClient c, String nick) throws IOException {
        c.send("NICK " + nick);
        c.send("USER " + nick + " 0 * :whatever the client says");
        c.send("CAP END");
        return c.awaitAll(m -> m.command().equals("366") || m.command().equals("ERROR"));
    }

    @Test
    void plainLoginGivesTheMembersRealName() throws Exception {
        try (IrcTestClient c = saslClient(null)) {
            assertThat(SaslClient.plain(c, "19803021", "hello-everyone")).isEqualTo("903");
            List<IrcMessage> welcome = finishRegistration(c, "19803021");
            assertThat(welcome).extracting(IrcMessage::command).contains("001", "JOIN", "353", "366");
            IrcMessage join = welcome.stream().filter(m -> m.command().equals("JOIN")).findFirst().orElseThrow();
            assertThat(join.params()).containsExactly("#lobby", "19803021", "Pranav Gupta");
            List<IrcMessage> whois = c.ask("WHOIS 19803021");
            assertThat(whois.get(0).last()).isEqualTo("Pranav Gupta");
            assertThat(whois).anySatisfy(m -> {
                assertThat(m.command()).isEqualTo("330");
                assertThat(m.param(2)).isEqualTo("19803021");
            });
        }
        assertThat(store.find("19803021").orElseThrow().lastLoginAt()).isPresent();
    }

    @Test
    void scramLoginWorksAndChecksBothWays() throws Exception {
        try (IrcTestClient c = saslClient(null)) {
            assertThat(SaslClient.scram(c, "19803099", "cn-project")).isEqualTo("903");
            assertThat(finishRegistration(c, "ritawari")).extracting(IrcMessage::command).contains("001");
        }
        try (IrcTestClient c = saslClient(null)) {
            assertThat(SaslClient.scram(c, "19803099", "wrong")).isEqualTo("904");
        }
    }

    @Test
    void externalLoginUsesTheRegisteredCertificate() throws Exception {
        CertifiedKey certificate = CertificateGenerator.generate("member.example");
        store.addCertFingerprint("19803099", certificate.fingerprint().toString());
        try (IrcTestClient c = saslClient(certificate)) {
            assertThat(SaslClient.external(c)).isEqualTo("903");
        }
        try (IrcTestClient c = saslClient(CertificateGenerator.generate("stranger.example"))) {
            assertThat(SaslClient.external(c)).isEqualTo("904");
        }
    }

    @Test
    void wrongPasswordsAndUnknownAccountsFailAlike() throws Exception {
        try (IrcTestClient c = saslClient(null)) {
            assertThat(SaslClient.plain(c, "19803021", "not-it")).isEqualTo("904");
            assertThat(SaslClient.plain(c, "00000000", "not-it")).isEqualTo("904");
            assertThat(SaslClient.plain(c, "19803021", "hello-everyone")).isEqualTo("903");
            c.send("AUTHENTICATE PLAIN");
            assertThat(c.await(m -> m.command().startsWith("90")).command()).isEqualTo("907");
        }
    }

    @Test
    void lockedAccountsCannotLogIn() throws Exception {
        try (IrcTestClient c = saslClient(null)) {
            assertThat(SaslClient.plain(c, "lockme", "right-password")).isEqualTo("904");
        }
    }

    @Test
    void repeatedGuessingIsThrottled() throws Exception {
        try (IrcTestClient c = saslClient(null)) {
            for (int i = 0; i < 5; i++) {
                assertThat(SaslClient.plain(c, "guessme", "guess-" + i)).isEqualTo("904");
            }
            // Even the right password is refused while the account is blocked.
            assertThat(SaslClient.plain(c, "guessme", "right-password")).isEqualTo("904");
        }
    }

    @Test
    void guestsAreRefusedByDefault() throws Exception {
        try (IrcTestClient c = IrcTestClient.connectTls(address, fingerprint)) {
            c.send("NICK guest");
            c.send("USER guest 0 * :Guest");
            List<IrcMessage> end = c.awaitClose();
            assertThat(end).extracting(IrcMessage::command).contains("FAIL", "ERROR");
            assertThat(end.get(end.size() - 1).last()).contains("Login required");
        }
    }

    @Test
    void anImportedSeedMemberLogsInAndIsUpgraded() throws Exception {
        String seed = new String(getClass().getResourceAsStream("/seed/seed-members.txt").readAllBytes(),
                StandardCharsets.UTF_8);
        SeedMemberFile.Result parsed = SeedMemberFile.parse(seed);
        store.importLegacy(parsed.members(), false);
        assertThat(store.findCredentials("19803023").orElseThrow().legacySha256()).isPresent();
        try (IrcTestClient c = saslClient(null)) {
            assertThat(SaslClient.plain(c, "19803023", "cn-lab-2023")).isEqualTo("903");
        }
        var upgraded = store.findCredentials("19803023").orElseThrow();
        assertThat(upgraded.legacySha256()).isEmpty();
        assertThat(upgraded.passwordHash()).hasValueSatisfying(h -> assertThat(h).startsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
        try (IrcTestClient c = saslClient(null)) {
            assertThat(SaslClient.scram(c, "19803023", "cn-lab-2023")).isEqualTo("903");
        }
    }

    @Test
    void accountNicksAreReservedForTheirOwners() throws Exception {
        try (IrcTestClient c = saslClient(null)) {
            assertThat(SaslClient.plain(c, "19803099", "cn-project")).isEqualTo("903");
            c.send("NICK 19803021");
            c.send("USER x 0 * :x");
            c.send("CAP END");
            IrcMessage taken = c.await("433");
            assertThat(taken.last()).contains("reserved");
        }
    }

    @Test
    void aNickChangeNeverAsksTheDatabaseAndABrokenOneKeepsMemberNicksReserved() throws Exception {
        try (IrcTestClient c = saslClient(null)) {
            assertThat(SaslClient.plain(c, "19803099", "cn-project")).isEqualTo("903");
            finishRegistration(c, "ritawari2");
            // Another connection hides the accounts table: a query now fails. Before, the check
            // ran that query on the event loop and, failing, let the nick be taken.
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(Database.FILE_NAME));
                 Statement sql = other.createStatement()) {
                sql.execute("ALTER TABLE accounts RENAME TO accounts_hidden");
                try {
                    IrcMessage taken = c.ask("NICK 19803021").get(0);
                    assertThat(taken.command()).isEqualTo("433");
                    assertThat(taken.last()).contains("reserved");
                } finally {
                    sql.execute("ALTER TABLE accounts_hidden RENAME TO accounts");
                }
            }
        }
    }

    @Test
    void anAccountAddedByAnotherProcessIsReservedOnceTheServerRereadsTheNames() throws Exception {
        try (Database other = Database.open(dataDir)) {
            new SqliteAccountStore(other, 4096).create("addedoutside", "Added Outside", "outside-pw");
        }
        server.reload(server.context().config()); // SIGHUP; the server also rereads the names every minute
        try (IrcTestClient c = saslClient(null)) {
            assertThat(SaslClient.plain(c, "19803099", "cn-project")).isEqualTo("903");
            finishRegistration(c, "ritawari3");
            assertThat(c.ask("NICK addedoutside").get(0).command()).isEqualTo("433");
        }
    }

    @Test
    void scramKeysAreMadeWithOwaspsIterationCountByDefault() {
        assertThat(store.findCredentials("19803021").orElseThrow().scram().orElseThrow().iterations())
                .isEqualTo(600_000);
    }

    @Test
    void anOperatorCanTurnScramOffAndNoKeysAreKept(@TempDir Path otherData) throws Exception {
        ParleyConfig.AuthSection on = ParleyConfig.AuthSection.defaults();
        ParleyConfig config = TestServers.plaintext(otherData)
                .withListen(List.of(new ParleyConfig.ListenSection("127.0.0.1", 0, true)))
                .withAuth(new ParleyConfig.AuthSection(on.allowGuests(), on.serverPassword(), on.selfRegistration(),
                        on.reserveAccountNicks(), true, 4096, on.auditRetentionDays()));
        try (ParleyServer first = ParleyServer.start(config)) {
            first.accounts().store().create("keyholder", "Key Holder", "holder-pw");
        }
        ParleyConfig off = config.withAuth(new ParleyConfig.AuthSection(on.allowGuests(), on.serverPassword(),
                on.selfRegistration(), on.reserveAccountNicks(), false, 4096, on.auditRetentionDays()));
        try (ParleyServer noScram = ParleyServer.start(off)) {
            assertThat(noScram.accounts().store().findCredentials("keyholder").orElseThrow().scram()).isEmpty();
            try (IrcTestClient c = IrcTestClient.connectTls(noScram.boundAddresses().get(0),
                    noScram.certificateFingerprint().orElseThrow())) {
                assertThat(c.capLs()).contains("sasl=PLAIN,EXTERNAL").doesNotContain("SCRAM");
                c.send("CAP REQ :sasl");
                c.await("CAP");
                assertThat(SaslClient.plain(c, "keyholder", "holder-pw")).isEqualTo("903");
            }
            // A password login under SCRAM-off makes no new keys.
            assertThat(noScram.accounts().store().findCredentials("keyholder").orElseThrow().scram()).isEmpty();
        }
    }

    @Test
    void anAccountTheConfigurationCreatesIsNotHeldBackByFailuresFromBeforeItExisted() throws Exception {
        for (int i = 0; i < 5; i++) {
            try (IrcTestClient c = saslClient(null)) {
                assertThat(SaslClient.plain(c, "latecomer", "late-pw")).isEqualTo("904");
            }
        }
        ParleyConfig current = server.context().config();
        server.reload(new ParleyConfig(current.server(), current.listen(), current.storage(), current.rooms(),
                current.auth(), current.tls(), current.limits(), current.history(),
                List.of(new ParleyConfig.CredentialSection("latecomer", "late-pw", Optional.empty())),
                current.operators(), current.source()));
        try (IrcTestClient c = saslClient(null)) {
            // Before, the five failures kept it throttled for a minute after the reload made it.
            assertThat(SaslClient.plain(c, "latecomer", "late-pw")).isEqualTo("903");
        }
    }

    @Test
    void configuredAccountsAndOperatorsApplyOnReload() throws Exception {
        ParleyConfig reloaded = server.context().config();
        reloaded = new ParleyConfig(reloaded.server(), reloaded.listen(), reloaded.storage(), reloaded.rooms(),
                reloaded.auth(), reloaded.tls(), reloaded.limits(), reloaded.history(),
                List.of(new ParleyConfig.CredentialSection("fromconfig", "sesame", Optional.empty())),
                List.of(new ParleyConfig.CredentialSection("admin", "op-secret", Optional.empty())),
                reloaded.source());
        server.reload(reloaded);
        try (IrcTestClient c = saslClient(null)) {
            assertThat(SaslClient.plain(c, "fromconfig", "sesame")).isEqualTo("903");
            finishRegistration(c, "fromconfig");
            assertThat(c.ask("OPER admin wrong")).extracting(IrcMessage::command).containsExactly("464");
            // Operator of the server's room too, which the auto-join put the client in.
            List<IrcMessage> oper = c.ask("OPER admin op-secret");
            assertThat(oper).extracting(IrcMessage::command).containsExactly("381", "MODE", "MODE");
            assertThat(oper.get(2).params()).containsExactly("#lobby", "+o", "fromconfig");
        }
    }
}
