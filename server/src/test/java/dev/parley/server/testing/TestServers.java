package dev.parley.server.testing;

import dev.parley.server.config.ParleyConfig;
import java.nio.file.Path;
import java.util.List;

/** Configurations for servers that tests start on loopback, port 0. */
public final class TestServers {
    private TestServers() {
    }

    /** A plaintext loopback listener, guests allowed, no auto-join: the irctest shape. */
    public static ParleyConfig plaintext(Path dataDir) {
        ParleyConfig base = ParleyConfig.defaults();
        return base.withListen(List.of(new ParleyConfig.ListenSection("127.0.0.1", 0, false)))
                .withStorage(new ParleyConfig.StorageSection(dataDir))
                .withRooms(new ParleyConfig.RoomsSection(List.of()))
                .withAuth(new ParleyConfig.AuthSection(true, java.util.Optional.empty(), false, true));
    }

    /** {@code base} with at most {@code max} connections from one address. */
    public static ParleyConfig withConnectionsPerAddress(ParleyConfig base, int max) {
        ParleyConfig.LimitsSection d = base.limits();
        return new ParleyConfig(base.server(), base.listen(), base.storage(), base.rooms(), base.auth(), base.tls(),
                new ParleyConfig.LimitsSection(d.messagesPerSecond(), d.messageBurst(), max, d.sendQueueBytes(),
                        d.pingIntervalSeconds(), d.pingTimeoutSeconds(), d.maxRoomsPerUser(),
                        d.registrationTimeoutSeconds()),
                base.history(), base.accounts(), base.operators(), base.source(), base.web(), base.metrics());
    }
}
