package dev.parley.server.command;

import dev.parley.protocol.Numerics;
import dev.parley.server.logging.ClientText;
import dev.parley.server.moderation.BanKind;
import dev.parley.server.moderation.ServerBan;
import dev.parley.server.room.MaskSubject;
import dev.parley.server.session.RegistrationState;
import dev.parley.server.session.Session;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Server bans applied to clients: at registration and login ({@link #refuseIfBanned}), and to
 * everyone connected when new bans appear ({@link #sweep}). Whoever a ban holds against hears
 * {@code 465 ERR_YOUREBANNEDCREEP} with the reason, then ERROR, and is disconnected; the others
 * in its rooms see it quit as "K-Lined" or "D-Lined", without the reason.
 */
public final class ServerBanEnforcement {
    private final ServerContext ctx;
    private final Supplier<? extends Iterable<EventExecutor>> loops;

    /** @param loops the server's event loops, once they exist */
    public ServerBanEnforcement(ServerContext ctx, Supplier<? extends Iterable<EventExecutor>> loops) {
        this.ctx = ctx;
        this.loops = loops;
    }

    /**
     * Drops every connected client a ban now holds against. Each event loop checks its own
     * connections, under the state lock; called from the bans thread, so nothing here waits.
     */
    public void sweep(List<ServerBan> appeared) {
        Iterable<EventExecutor> all = loops.get();
        if (all == null || appeared.isEmpty()) {
            return;
        }
        for (EventExecutor loop : all) {
            loop.execute(() -> {
                synchronized (ctx.state().lock()) {
                    for (Session session : ctx.state().sessions()) {
                        if (session.channel().eventLoop() == loop) {
                            refuseIfBanned(ctx, session);
                        }
                    }
                }
            });
        }
    }

    /**
     * If a server ban holds against {@code session} (its address, its mask or its account), tells
     * it why and drops it; returns whether it did. Under the state lock; reads bans from memory.
     */
    public static boolean refuseIfBanned(ServerContext ctx, Session session) {
        if (session.state() == RegistrationState.CLOSING) {
            return true;
        }
        Optional<ServerBan> ban = ctx.bans().address(session.address());
        if (ban.isEmpty()) {
            ban = ctx.bans().matches(MaskSubject.of(session));
        }
        if (ban.isEmpty()) {
            return false;
        }
        String reason = ban.get().reason();
        String kind = ban.get().target().kind() == BanKind.ADDRESS ? "D-Lined" : "K-Lined";
        ctx.reply(session, Numerics.ERR_YOUREBANNEDCREEP, "You are banned from this server: " + reason);
        // Departures keeps nothing but the context: one made here drops the same way as the server's.
        new Departures(ctx).leave(session, kind, "Closing Link: " + session.host() + " (" + kind + ": " + reason + ")",
                "server ban on " + ClientText.forLog(ban.get().target().shown()));
        return true;
    }
}
