package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.TestServers;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A room's messages reach every member in one order, whichever event loop each member and each
 * sender is on, and each member gets them as its capabilities show them (tags or none), with the
 * same message id everywhere.
 */
class FanoutOrderTest {
    private static final int SENDERS = 3;
    private static final int LISTENERS = 6;
    private static final int MESSAGES = 200;

    @TempDir
    Path dataDir;

    /** What the first listener saw: every listener must have seen the same. */
    private static List<String> listenersOrder(List<Future<List<IrcMessage>>> heard) throws Exception {
        return heard.get(SENDERS).get().stream().filter(m -> m.command().equals("PRIVMSG")).map(IrcMessage::last)
                .toList();
    }

    @Test
    void everyMemberSeesTheRoomInOneOrder() throws Exception {
        ParleyConfig base = TestServers.plaintext(dataDir);
        ParleyConfig.LimitsSection d = base.limits();
        // Flood control off: the senders are to race each other, not the flood gate.
        ParleyConfig config = new ParleyConfig(base.server(), base.listen(), base.storage(), base.rooms(), base.auth(),
                base.tls(), new ParleyConfig.LimitsSection(1_000_000, 1_000_000, d.maxConnectionsPerIp(),
                        d.sendQueueBytes(), d.pingIntervalSeconds(), d.pingTimeoutSeconds(), d.maxRoomsPerUser(),
                        d.registrationTimeoutSeconds()),
                base.history(), base.accounts(), base.operators(), base.source());
        ExecutorService pool = Executors.newFixedThreadPool(2 * SENDERS + LISTENERS);
        List<IrcTestClient> clients = new ArrayList<>();
        try (ParleyServer server = ParleyServer.start(config)) {
            InetSocketAddress address = server.boundAddresses().get(0);
            List<IrcTestClient> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                IrcTestClient sender = join(address, "sender" + s, "echo-message server-time message-tags");
                senders.add(sender);
                clients.add(sender);
            }
            List<IrcTestClient> listeners = new ArrayList<>();
            for (int l = 0; l < LISTENERS; l++) {
                // Three views: no tags, server-time only, every tag.
                String caps = switch (l % 3) {
                    case 0 -> null;
                    case 1 -> "server-time";
                    default -> "server-time message-tags";
                };
                IrcTestClient listener = join(address, "listener" + l, caps);
                listeners.add(listener);
                clients.add(listener);
            }
            for (IrcTestClient sender : senders) {
                sender.sync(); // the JOINs of everyone after it
            }
            for (IrcTestClient listener : listeners) {
                listener.sync();
            }

            List<Future<List<IrcMessage>>> heard = new ArrayList<>();
            for (IrcTestClient client : clients) {
                heard.add(pool.submit(() -> client.awaitAll(new Counter(SENDERS * MESSAGES))));
            }
            List<Future<?>> sent = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                IrcTestClient sender = senders.get(s);
                int index = s;
                sent.add(pool.submit(() -> {
                    StringBuilder lines = new StringBuilder();
                    for (int n = 0; n < MESSAGES; n++) {
                        lines.append("PRIVMSG #order :s").append(index).append(' ').append(n).append("\r\n");
                    }
                    sender.sendRaw(lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }

            List<String> order = null;
            Map<String, String> idOfText = new LinkedHashMap<>();
            for (int c = 0; c < clients.size(); c++) {
                List<IrcMessage> messages = heard.get(c).get().stream()
                        .filter(m -> m.command().equals("PRIVMSG")).toList();
                List<String> texts = messages.stream().map(IrcMessage::last).toList();
                if (order == null) {
                    order = listenersOrder(heard);
                }
                if (c < SENDERS) {
                    // A sender's own lines are its echoes, which come once history has them:
                    // later than others get them. What others said it sees in the one order.
                    String own = "s" + c + " ";
                    assertThat(texts.stream().filter(t -> !t.startsWith(own)).toList()).as("what sender %d heard", c)
                            .containsExactlyElementsOf(order.stream().filter(t -> !t.startsWith(own)).toList());
                    assertThat(texts.stream().filter(t -> t.startsWith(own)).toList()).as("sender %d's echoes", c)
                            .containsExactlyElementsOf(order.stream().filter(t -> t.startsWith(own)).toList());
                } else {
                    assertThat(texts).as("what client %d saw", c).containsExactlyElementsOf(order);
                }
                boolean tags = c < SENDERS || (c - SENDERS) % 3 == 2;
                boolean time = c < SENDERS || (c - SENDERS) % 3 != 0;
                for (IrcMessage m : messages) {
                    assertThat(m.tags().containsKey("time")).isEqualTo(time);
                    assertThat(m.tags().containsKey("msgid")).isEqualTo(tags);
                    if (tags) {
                        String earlier = idOfText.putIfAbsent(m.last(), m.tags().get("msgid"));
                        assertThat(earlier == null || earlier.equals(m.tags().get("msgid"))).isTrue();
                    }
                }
            }
            assertThat(order).hasSize(SENDERS * MESSAGES);
            for (int s = 0; s < SENDERS; s++) {
                String prefix = "s" + s + " ";
                assertThat(order.stream().filter(t -> t.startsWith(prefix)).toList())
                        .as("sender %d's own order", s)
                        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, MESSAGES)
                                .mapToObj(n -> prefix + n).toList());
            }
        } finally {
            pool.shutdownNow();
            for (IrcTestClient client : clients) {
                client.close();
            }
        }
    }

    private static IrcTestClient join(InetSocketAddress address, String nick, String caps) throws Exception {
        IrcTestClient client = IrcTestClient.connect(address);
        if (caps != null) {
            client.send("CAP REQ :" + caps);
            client.send("CAP END");
        }
        IrcTestClient.register(client, nick);
        client.ask("JOIN #order");
        return client;
    }

    /** Matches once it has seen {@code wanted} PRIVMSGs. */
    private static final class Counter implements java.util.function.Predicate<IrcMessage> {
        private final int wanted;
        private int seen;

        Counter(int wanted) {
            this.wanted = wanted;
        }

        @Override
        public boolean test(IrcMessage m) {
            return m.command().equals("PRIVMSG") && ++seen == wanted;
        }
    }
}
