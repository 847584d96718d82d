package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.TestServers;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CAP REQ over TLS: every capability on offer can be enabled and disabled again; nothing else can be asked for. */
class CapRequestTest {
    @TempDir
    static Path dataDir;
    static ParleyServer server;
    static InetSocketAddress address;
    static String fingerprint;

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start(TestServers.plaintext(dataDir)
                .withListen(List.of(new ParleyConfig.ListenSection("127.0.0.1", 0, true))));
        address = server.boundAddresses().get(0);
        fingerprint = server.certificateFingerprint().orElseThrow();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> names(String capList) {
        return Arrays.stream(capList.trim().split(" +")).filter(t -> !t.isEmpty())
                .map(t -> t.contains("=") ? t.substring(0, t.indexOf('=')) : t).toList();
    }

    private static IrcMessage req(IrcTestClient c, String caps) throws Exception {
        c.send("CAP REQ :" + caps);
        return c.await("CAP");
    }

    @Test
    void everyOfferedCapabilityCanBeEnabledAndDisabled() throws Exception {
        try (IrcTestClient c = IrcTestClient.connectTls(address, fingerprint)) {
            List<String> offered = names(c.capLs());
            assertThat(offered).contains("draft/pre-away", "draft/extended-isupport", "chghost", "standard-replies");
            for (String cap : offered) {
                if (cap.equals("cap-notify")) {
                    continue; // implied by CAP LS 302, which cannot be turned off (below)
                }
                assertThat(req(c, cap).params()).as(cap).containsExactly("*", "ACK", cap);
                c.send("CAP LIST");
                assertThat(names(c.await("CAP").last())).as(cap).contains(cap);
                assertThat(req(c, "-" + cap).params()).as(cap).containsExactly("*", "ACK", "-" + cap);
                c.send("CAP LIST");
                assertThat(names(c.await("CAP").last())).as(cap).doesNotContain(cap);
            }
            assertThat(req(c, "-cap-notify").params()).contains("NAK");
            c.send("CAP END");
            IrcTestClient.register(c, "capper");
            // after registration too
            assertThat(req(c, "chghost").params()).contains("ACK");
            assertThat(req(c, "-chghost").params()).contains("ACK");
        }
    }

    @Test
    void aCapabilityNotOnOfferIsRefusedWholeRequestAndAll() throws Exception {
        try (IrcTestClient c = IrcTestClient.connectTls(address, fingerprint)) {
            List<String> offered = names(c.capLs());
            assertThat(offered).doesNotContain("draft/metadata-2", "sts");
            for (String request : List.of("draft/metadata-2", "sts", "batch draft/not-a-cap", "-draft/metadata-2",
                    "pre-away", "extended-isupport")) {
                assertThat(req(c, request).params()).as(request).containsExactly("*", "NAK", request);
            }
            c.send("CAP LIST");
            assertThat(c.await("CAP").last()).doesNotContain("batch");
        }
    }
}
