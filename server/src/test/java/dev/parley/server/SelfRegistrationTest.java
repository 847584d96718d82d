package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.SaslClient;
import dev.parley.server.testing.TestServers;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** REGISTER (draft/account-registration): off by default, and when on, it creates and logs in. */
class SelfRegistrationTest {
    @TempDir
    Path dataDir;

    private ParleyServer start(boolean selfRegistration) throws Exception {
        return ParleyServer.start(TestServers.plaintext(dataDir)
                .withAuth(new ParleyConfig.AuthSection(false, Optional.empty(), selfRegistration, true, true,
                        TestServers.FAST_SCRAM_ITERATIONS, ParleyConfig.AuthSection.DEFAULT_AUDIT_RETENTION_DAYS)));
    }

    @Test
    void offByDefault() throws Exception {
        try (ParleyServer server = start(false);
             IrcTestClient c = IrcTestClient.connect(server.boundAddresses().get(0))) {
            assertThat(c.capLs()).doesNotContain("account-registration");
            List<IrcMessage> reply = c.ask("REGISTER newbie * long-enough-password");
            assertThat(reply).singleElement().satisfies(m -> {
                assertThat(m.command()).isEqualTo("FAIL");
                assertThat(m.params()).startsWith("REGISTER", "DISALLOWED");
            });
        }
    }

    @Test
    void whenOnItCreatesTheAccountAndLogsIn() throws Exception {
        try (ParleyServer server = start(true)) {
            try (IrcTestClient c = IrcTestClient.connect(server.boundAddresses().get(0))) {
                assertThat(c.capLs()).contains("draft/account-registration=before-connect,custom-account-name");
                c.send("CAP REQ :draft/account-registration sasl");
                c.await("CAP");
                assertThat(c.ask("REGISTER newbie * short")).singleElement()
                        .satisfies(m -> assertThat(m.params()).startsWith("REGISTER", "WEAK_PASSWORD"));
                assertThat(c.ask("REGISTER bad!name * long-enough-password")).singleElement()
                        .satisfies(m -> assertThat(m.params()).startsWith("REGISTER", "BAD_ACCOUNT_NAME"));
                List<IrcMessage> ok = c.ask("REGISTER newbie * long-enough-password");
                assertThat(ok).extracting(IrcMessage::command).containsExactly("REGISTER", "900");
                assertThat(ok.get(0).params()).startsWith("SUCCESS", "newbie");
                c.send("NICK newbie");
                c.send("USER n 0 * :n");
                c.send("CAP END");
                c.await("001");
            }
            try (IrcTestClient again = IrcTestClient.connect(server.boundAddresses().get(0))) {
                again.send("CAP REQ :sasl draft/account-registration");
                again.await("CAP");
                assertThat(again.ask("REGISTER NEWBIE * another-password")).singleElement()
                        .satisfies(m -> assertThat(m.params()).startsWith("REGISTER", "ACCOUNT_EXISTS"));
                assertThat(SaslClient.plain(again, "newbie", "long-enough-password")).isEqualTo("903");
            }
            // Every attempt is in the audit trail, like a login.
            assertThat(server.accounts().store().recentAudit(20))
                    .filteredOn(e -> e.mechanism().equals("REGISTER"))
                    .extracting(e -> e.accountName() + " " + e.outcome())
                    .containsExactly("NEWBIE ACCOUNT_EXISTS", "newbie SUCCESS");
        }
    }

    @Test
    void registeringGoesThroughTheLoginThrottle() throws Exception {
        try (ParleyServer server = start(true)) {
            try (IrcTestClient c = IrcTestClient.connect(server.boundAddresses().get(0))) {
                c.send("CAP REQ :draft/account-registration sasl");
                c.await("CAP");
                for (int i = 0; i < 20; i++) {
                    assertThat(SaslClient.plain(c, "someone" + i, "guess")).isEqualTo("904");
                }
                // The address guessed too often: it may not create accounts either, for now.
                assertThat(c.ask("REGISTER freename * long-enough-password").get(0).params())
                        .startsWith("REGISTER", "TEMPORARILY_UNAVAILABLE");
            }
            assertThat(server.accounts().store().find("freename")).isEmpty();
            assertThat(server.accounts().store().recentAudit(1).get(0).outcome()).isEqualTo("THROTTLED");
        }
    }
}
