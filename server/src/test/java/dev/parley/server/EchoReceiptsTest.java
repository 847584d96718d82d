package dev.parley.server;

import static dev.parley.server.HistoryClients.lines;
import static dev.parley.server.HistoryClients.member;
import static dev.parley.server.HistoryClients.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.session.Receipts;
import dev.parley.server.testing.IrcTestClient;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Echoes wait for history, the sender's next messages do not: a pasted block reaches the room
 * at once while the database cannot commit, and the sender gets its echoes, and the replies it
 * earned meanwhile, in the order of its commands once it can.
 */
class EchoReceiptsTest {
    private static final String CAPS = "sasl batch server-time message-tags echo-message";
    private static final int LINES = 30;

    @TempDir
    Path dataDir;

    private static ParleyServer server(Path dataDir) throws Exception {
        ParleyConfig config = HistoryClients.config(dataDir, ParleyConfig.HistorySection.defaults());
        ParleyConfig.LimitsSection d = config.limits();
        // No flood limit in the way: the paste is as fast as the client sends it.
        return start(config.withLimits(new ParleyConfig.LimitsSection(1_000_000, 1_000_000, d.maxConnectionsPerIp(),
                d.sendQueueBytes(), d.pingIntervalSeconds(), d.pingTimeoutSeconds(), d.maxRoomsPerUser(),
                d.registrationTimeoutSeconds(), d.maxConnections())), "alice", "bob");
    }

    @Test
    void aPastedBlockIsDeliveredAtOnceAndItsEchoesComeInOrderOnceStored() throws Exception {
        try (ParleyServer server = server(dataDir);
             IrcTestClient alice = member(server, "alice", CAPS);
             IrcTestClient bob = member(server, "bob", CAPS)) {
            alice.ask("JOIN #room");
            bob.ask("JOIN #room");
            alice.sync();
            HistoryClients.whileHistoryCannotCommit(server, release -> {
                // Lines, an error in the middle (no such room), more lines, then a command that
                // is not a message: its reply must come after every echo before it.
                StringBuilder paste = new StringBuilder();
                for (int i = 0; i < LINES; i++) {
                    paste.append("PRIVMSG #room :line ").append(i).append("\r\n");
                    if (i == LINES / 2 - 1) {
                        paste.append("PRIVMSG #nowhere :lost\r\n");
                    }
                }
                paste.append("MODE #room\r\n");
                alice.sendRaw(paste.toString().getBytes(StandardCharsets.UTF_8));

                assertThat(heard(bob, LINES)).as("every line delivered while none could be stored").isEqualTo(lines(0, LINES));
                alice.socket().setSoTimeout(500);
                assertThatThrownBy(alice::next).as("no echo, and nothing behind one, before the lines are stored")
                        .isInstanceOf(SocketTimeoutException.class);

                release.now();
                alice.socket().setSoTimeout(10_000);
                List<String> expected = new ArrayList<>(lines(0, LINES));
                expected.add(LINES / 2, "401");
                assertThat(receivedUntil(alice, "324")).as("echoes, the error among them, then the mode").isEqualTo(expected);
            });
        }
    }

    @Test
    void pastTheEchoesThatMayWaitAndForALabeledMessageTheSenderWaitsForHistoryAsBefore() throws Exception {
        int lines = Receipts.MAX_WAITING + 10;
        try (ParleyServer server = server(dataDir);
             IrcTestClient alice = member(server, "alice", CAPS + " labeled-response");
             IrcTestClient bob = member(server, "bob", CAPS)) {
            alice.ask("JOIN #room");
            bob.ask("JOIN #room");
            alice.sync();
            HistoryClients.whileHistoryCannotCommit(server, release -> {
                StringBuilder paste = new StringBuilder();
                for (int i = 0; i < lines; i++) {
                    paste.append("PRIVMSG #room :line ").append(i).append("\r\n");
                }
                paste.append("@label=L1 PRIVMSG #room :labeled\r\n");
                paste.append("MODE #room\r\n");
                alice.sendRaw(paste.toString().getBytes(StandardCharsets.UTF_8));

                // The message that found MAX_WAITING echoes waiting is delivered, then its sender
                // waits: nothing after it is read until history can commit.
                int delivered = Receipts.MAX_WAITING + 1;
                assertThat(heard(bob, delivered)).isEqualTo(lines(0, delivered));
                bob.socket().setSoTimeout(500);
                assertThatThrownBy(bob::next).as("the sender's next line waits").isInstanceOf(SocketTimeoutException.class);

                release.now();
                bob.socket().setSoTimeout(10_000);
                List<String> rest = new ArrayList<>(lines(delivered, lines));
                rest.add("labeled");
                assertThat(heard(bob, rest.size())).isEqualTo(rest);
                List<String> expected = new ArrayList<>(lines(0, lines));
                expected.add("labeled");
                List<IrcMessage> echoes = new ArrayList<>();
                for (IrcMessage m = alice.next(); !m.command().equals("324"); m = alice.next()) {
                    echoes.add(m);
                }
                assertThat(echoes.stream().map(IrcMessage::last).toList()).isEqualTo(expected);
                assertThat(echoes.get(echoes.size() - 1).tags()).containsEntry("label", "L1");
            });
        }
    }

    @Test
    void repliesPilingUpBehindAnEchoMakeTheSenderWait() throws Exception {
        int errors = Receipts.MAX_HELD + 10;
        try (ParleyServer server = server(dataDir);
             IrcTestClient alice = member(server, "alice", CAPS);
             IrcTestClient bob = member(server, "bob", CAPS)) {
            alice.ask("JOIN #room");
            bob.ask("JOIN #room");
            alice.sync();
            HistoryClients.whileHistoryCannotCommit(server, release -> {
                // One message whose echo waits, then messages to nowhere: each earns a 401 that is
                // held behind that echo, outside the send queue. Past MAX_HELD the sender waits.
                StringBuilder paste = new StringBuilder("PRIVMSG #room :first\r\n");
                for (int i = 0; i < errors; i++) {
                    paste.append("PRIVMSG #nowhere :x\r\n");
                }
                paste.append("PRIVMSG #room :after\r\n");
                alice.sendRaw(paste.toString().getBytes(StandardCharsets.UTF_8));

                assertThat(heard(bob, 1)).containsExactly("first");
                bob.socket().setSoTimeout(500);
                assertThatThrownBy(bob::next).as("the line after the pile waits").isInstanceOf(SocketTimeoutException.class);

                release.now();
                bob.socket().setSoTimeout(10_000);
                assertThat(heard(bob, 1)).containsExactly("after");
                alice.send("MODE #room");
                List<String> expected = new ArrayList<>();
                expected.add("first");
                expected.addAll(java.util.Collections.nCopies(errors, "401"));
                expected.add("after");
                assertThat(receivedUntil(alice, "324")).isEqualTo(expected);
            });
        }
    }

    /** The texts of the next {@code count} PRIVMSGs {@code c} gets. */
    private static List<String> heard(IrcTestClient c, int count) throws java.io.IOException {
        List<String> heard = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            heard.add(c.await("PRIVMSG").last());
        }
        return heard;
    }

    /** What {@code c} gets up to the reply {@code numeric}: PRIVMSGs as their text, the rest as their command. */
    private static List<String> receivedUntil(IrcTestClient c, String numeric) throws java.io.IOException {
        List<String> got = new ArrayList<>();
        for (IrcMessage m = c.next(); !m.command().equals(numeric); m = c.next()) {
            got.add(m.command().equals("PRIVMSG") ? m.last() : m.command());
        }
        return got;
    }
}
