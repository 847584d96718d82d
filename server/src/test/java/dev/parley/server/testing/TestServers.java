package dev.parley.server.testing;

import dev.parley.server.config.ParleyConfig;
import java.nio.file.Path;
import java.util.List;

/** Configurations for servers that tests start on loopback, port 0. */
public final class TestServers {
    private TestServers() {
    }

    /**
     * SCRAM keys at RFC 7677's floor: tests that create dozens of accounts stay fast. The default
     * (600,000) is tried by the tests that start from {@code AuthSection.defaults()}.
     */
    public static final int FAST_SCRAM_ITERATIONS = 4096;

    /** A plaintext loopback listener, guests allowed, no auto-join: the irctest shape. */
    public static ParleyConfig plaintext(Path dataDir) {
        ParleyConfig base = ParleyConfig.defaults();
        return base.withListen(List.of(new ParleyConfig.ListenSection("127.0.0.1", 0, false)))
                .withStorage(new ParleyConfig.StorageSection(dataDir))
                .withRooms(new ParleyConfig.RoomsSection(List.of()))
                .withAuth(auth(true, java.util.Optional.empty()));
    }

    /** {@code [auth]} with the given guest rule and server password, and fast SCRAM keys. */
    public static ParleyConfig.AuthSection auth(boolean allowGuests, java.util.Optional<String> serverPassword) {
        return new ParleyConfig.AuthSection(allowGuests, serverPassword, false, true, true, FAST_SCRAM_ITERATIONS,
                ParleyConfig.AuthSection.DEFAULT_AUDIT_RETENTION_DAYS);
    }

    /** {@code base} with at most {@code max} connections from one address. */
    public static ParleyConfig withConnectionsPerAddress(ParleyConfig base, int max) {
        ParleyConfig.LimitsSection d = base.limits();
        return base.withLimits(new ParleyConfig.LimitsSection(d.messagesPerSecond(), d.messageBurst(), max,
                d.sendQueueBytes(), d.pingIntervalSeconds(), d.pingTimeoutSeconds(), d.maxRoomsPerUser(),
                d.registrationTimeoutSeconds(), d.maxConnections()));
    }

    /** {@code base} with the network called {@code network} (ISUPPORT NETWORK). */
    public static ParleyConfig withNetwork(ParleyConfig base, String network) {
        ParleyConfig.ServerSection s = base.server();
        return new ParleyConfig(new ParleyConfig.ServerSection(s.name(), network, s.description(), s.motd(),
                s.cloakHosts()), base.listen(), base.storage(), base.rooms(), base.auth(), base.tls(), base.limits(),
                base.history(), base.log(), base.accounts(), base.operators(), base.source(), base.web(),
                base.metrics());
    }

    /** {@code base} letting each user be in {@code max} rooms (ISUPPORT CHANLIMIT). */
    public static ParleyConfig withRoomsPerUser(ParleyConfig base, int max) {
        ParleyConfig.LimitsSection d = base.limits();
        return base.withLimits(new ParleyConfig.LimitsSection(d.messagesPerSecond(), d.messageBurst(),
                d.maxConnectionsPerIp(), d.sendQueueBytes(), d.pingIntervalSeconds(), d.pingTimeoutSeconds(), max,
                d.registrationTimeoutSeconds(), d.maxConnections()));
    }
}
