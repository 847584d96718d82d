package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.SaslClient;
import dev.parley.server.testing.TestServers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** A history-keeping server over real TLS and its members' clients, for the history tests. */
final class HistoryClients {
    private HistoryClients() {
    }

    /** A server in {@code dataDir} with one TLS listener on a free port and {@code history}. */
    static ParleyConfig config(Path dataDir, ParleyConfig.HistorySection history) {
        return TestServers.plaintext(dataDir)
                .withListen(List.of(new ParleyConfig.ListenSection("127.0.0.1", 0, true)))
                .withAuth(ParleyConfig.AuthSection.defaults())
                .withHistory(history);
    }

    static ParleyServer start(ParleyConfig config, String... members) throws Exception {
        ParleyServer server = ParleyServer.start(config);
        for (String member : members) {
            if (server.accounts().store().find(member).isEmpty()) {
                server.accounts().store().create(member, "Member " + member, member + "-password");
            }
        }
        return server;
    }

    /** A member logged in over TLS with the history capabilities, past the welcome burst. */
    static IrcTestClient member(ParleyServer server, String name, String caps) throws Exception {
        IrcTestClient c = IrcTestClient.connectTls(server.boundAddresses().get(0),
                server.certificateFingerprint().orElseThrow());
        c.capLs();
        c.send("CAP REQ :" + caps);
        assertThat(c.await("CAP").param(1)).isEqualTo("ACK");
        assertThat(SaslClient.plain(c, name, name + "-password")).isEqualTo("903");
        c.send("NICK " + name);
        c.send("USER " + name + " 0 * :" + name);
        c.send("CAP END");
        c.await(m -> m.command().equals("376") || m.command().equals("422"));
        c.sync();
        return c;
    }

    /** The messages of the chathistory batch {@code line} asks for, checking the batch's frame. */
    static List<IrcMessage> page(IrcTestClient c, String line, String target) throws IOException {
        c.sync(); // what came before (deliveries, JOINs) is not part of the answer
        List<IrcMessage> all = c.ask(line);
        assertThat(all).as("answer to %s", line).isNotEmpty();
        IrcMessage start = all.get(0);
        assertThat(start.command()).as("%s answered %s", line, all).isEqualTo("BATCH");
        assertThat(start.params()).hasSize(3);
        assertThat(start.param(1)).isEqualTo("chathistory");
        assertThat(start.param(2)).isEqualTo(target);
        String ref = start.param(0).substring(1);
        IrcMessage end = all.get(all.size() - 1);
        assertThat(end.params()).containsExactly("-" + ref);
        List<IrcMessage> inner = all.subList(1, all.size() - 1);
        // Each line is in the page's batch, or in a batch nested in it (a multiline message).
        List<String> nested = inner.stream().filter(m -> m.command().equals("BATCH") && m.param(0).startsWith("+"))
                .map(m -> m.param(0).substring(1)).toList();
        assertThat(inner).allSatisfy(m -> assertThat(m.tags().get("batch"))
                .isIn(m.command().equals("BATCH") ? List.of(ref) : concat(ref, nested)));
        return inner;
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>(rest);
        all.add(0, first);
        return all;
    }

    static List<String> texts(List<IrcMessage> messages) {
        return messages.stream().map(IrcMessage::last).toList();
    }

    /** The messages of the soju.im/search batch that {@code line} asks for. */
    static List<IrcMessage> found(IrcTestClient c, String line) throws IOException {
        c.sync();
        List<IrcMessage> all = c.ask(line);
        assertThat(all.get(0).command()).as("%s answered %s", line, all).isEqualTo("BATCH");
        assertThat(all.get(0).param(1)).isEqualTo("soju.im/search");
        return all.subList(1, all.size() - 1);
    }

    /** Runs {@code test} while another writer holds the database, so history cannot commit; {@code release} ends it. */
    static void whileHistoryCannotCommit(ParleyServer server, HeldTest test) throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> writer = pool.submit(() -> server.accounts().database().write(c -> {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            holding.await();
            test.run(() -> {
                release.countDown();
                writer.get();
            });
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    interface HeldTest {
        void run(Release release) throws Exception;
    }

    interface Release {
        void now() throws Exception;
    }

    /** "line from" ... "line to-1": the texts tests send. */
    static List<String> lines(int from, int to) {
        List<String> lines = new java.util.ArrayList<>();
        for (int i = from; i < to; i++) {
            lines.add("line " + i);
        }
        return lines;
    }
}
