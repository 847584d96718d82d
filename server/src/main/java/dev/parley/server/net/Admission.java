package dev.parley.server.net;

import dev.parley.server.command.ServerContext;
import dev.parley.server.moderation.ServerBan;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Whether a new connection may go on: not from a banned address or network (DLINE), and not over
 * a cap ({@link ConnectionCaps}). Asked, like the caps, before the connection costs a TLS
 * handshake, and again once it is counted. Reads only memory.
 */
final class Admission {
    private Admission() {
    }

    /** Why a connection from {@code address} is refused, or null. */
    static String refusal(ServerContext ctx, InetAddress address, boolean counted) {
        Optional<ServerBan> ban = ctx.bans().address(address);
        if (ban.isPresent()) {
            return "You are banned from this server: " + ban.get().reason();
        }
        return ConnectionCaps.refusal(ctx.state(), ctx.config().limits(), address, counted);
    }
}
