package dev.parley.server.net;

import dev.parley.server.config.ParleyConfig;
import dev.parley.server.session.ServerState;
import java.net.InetAddress;

/**
 * The caps on connections: the server's total ({@code max_connections}) and each address's
 * ({@code max_connections_per_ip}, IPv6 per /64, loopback exempt). Asked twice: before a new
 * connection costs anything (no TLS handshake, no session), and once it is counted, where the
 * count is exact.
 */
final class ConnectionCaps {
    private ConnectionCaps() {
    }

    /**
     * Why a connection from {@code address} is refused, or null.
     *
     * @param counted whether this connection is already in the counts
     */
    static String refusal(ServerState state, ParleyConfig.LimitsSection limits, InetAddress address, boolean counted) {
        int self = counted ? 0 : 1;
        if (state.connections() + self > limits.maxConnections()) {
            return "Server is full; try again later";
        }
        // Loopback is exempt: it is the machine itself (bouncers, bots, tests).
        if (!address.isLoopbackAddress() && state.connectionsFrom(address) + self > limits.maxConnectionsPerIp()) {
            return "Too many connections from your address";
        }
        return null;
    }
}
