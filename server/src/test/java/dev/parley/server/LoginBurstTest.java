package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.SaslClient;
import dev.parley.server.testing.TestServers;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fifty logins at once while two members chat: every login ends properly and every chat message
 * arrives, in order. (How long the messages wait is measured by {@code parley bench logins}.)
 */
class LoginBurstTest {
    private static final int LOGINS = 50;
    private static final int MESSAGES = 100;

    @TempDir
    Path dataDir;

    @Test
    void chatGoesOnDuringALoginBurst() throws Exception {
        ParleyConfig config = TestServers.plaintext(dataDir)
                .withListen(List.of(new ParleyConfig.ListenSection("127.0.0.1", 0, true)));
        try (ParleyServer server = ParleyServer.start(config)) {
            InetSocketAddress address = server.boundAddresses().get(0);
            String fingerprint = server.certificateFingerprint().orElseThrow();
            for (int i = 0; i < LOGINS; i++) {
                server.accounts().store().create("member" + i, "Member " + i, "password-" + i);
            }
            try (IrcTestClient sender = connect(address, fingerprint, "sender");
                 IrcTestClient receiver = connect(address, fingerprint, "receiver")) {
                sender.ask("JOIN #busy");
                receiver.ask("JOIN #busy");
                ExecutorService pool = Executors.newFixedThreadPool(LOGINS);
                try {
                    List<Future<String>> logins = new ArrayList<>();
                    for (int i = 0; i < LOGINS; i++) {
                        int n = i;
                        logins.add(pool.submit(() -> {
                            // Fifty Argon2id checks queue on one core: the last answer may take a while
                            // on a loaded machine, and only that every login ends properly is tested here.
                            try (IrcTestClient c = IrcTestClient.connectTls(address, fingerprint).readTimeout(120_000)) {
                                c.send("CAP REQ :sasl");
                                c.await("CAP");
                                return SaslClient.plain(c, "member" + n, "password-" + n);
                            }
                        }));
                    }
                    for (int i = 0; i < MESSAGES; i++) {
                        sender.send("PRIVMSG #busy :message " + i);
                    }
                    List<IrcMessage> got = receiver.awaitAll(m -> m.command().equals("PRIVMSG")
                            && m.last().equals("message " + (MESSAGES - 1)));
                    assertThat(got.stream().filter(m -> m.command().equals("PRIVMSG")).map(IrcMessage::last))
                            .containsExactlyElementsOf(java.util.stream.IntStream.range(0, MESSAGES)
                                    .mapToObj(i -> "message " + i).toList());
                    for (Future<String> login : logins) {
                        assertThat(login.get()).isEqualTo("903");
                    }
                } finally {
                    pool.shutdownNow();
                }
            }
        }
    }

    private static IrcTestClient connect(InetSocketAddress address, String fingerprint, String nick) throws Exception {
        IrcTestClient c = IrcTestClient.connectTls(address, fingerprint);
        c.send("NICK " + nick);
        c.send("USER " + nick + " 0 * :" + nick);
        c.await("376");
        return c;
    }
}
