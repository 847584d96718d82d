package dev.parley.server.command;

import dev.parley.server.history.Conversation;
import dev.parley.server.history.Identity;
import dev.parley.server.history.StoredMessage;
import dev.parley.server.room.Room;
import dev.parley.server.session.Capability;
import dev.parley.server.session.Session;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Who may see what of history, decided under the state lock, and how a command waits for a
 * history read and how what it read is sent back: shared by CHATHISTORY, SEARCH and REDACT.
 */
final class HistoryAccess {
    private HistoryAccess() {
    }

    /** What {@code session} may read of {@code target}, or null when nothing (not a member). */
    static Readable readable(ServerContext ctx, Session session, String target) {
        if (target.startsWith("#")) {
            Room room = ctx.rooms().find(target).orElse(null);
            if (room == null || !room.has(session)) {
                return null;
            }
            return new Readable(List.of(Recording.roomTarget(ctx, room)), notBefore(ctx, session, room));
        }
        if (session.account().isEmpty()) {
            return new Readable(List.of(), 0); // guests have no private history
        }
        Identity me = Recording.identity(ctx, session);
        Set<String> keys = new LinkedHashSet<>();
        Session online = ctx.state().byNick(target).orElse(null);
        if (online != null && online.registered()) {
            keys.add(Conversation.between(me, Recording.identity(ctx, online)).key());
        }
        // Someone no longer online may have talked as the member of that name, or as a guest
        // with that nick; both were conversations with this member.
        if (online == null || online.account().isEmpty()) {
            keys.add(Conversation.between(me, Identity.ofAccount(target)).key());
            keys.add(Conversation.between(me, Identity.ofGuest(ctx.state().fold(target), target)).key());
        }
        return new Readable(new ArrayList<>(keys), 0);
    }

    /** The oldest time of {@code room}'s history its member {@code session} may read. */
    static long notBefore(ServerContext ctx, Session session, Room room) {
        return ctx.history().beforeJoin() ? 0
                : room.membership(session).map(m -> m.joinedAtMillis()).orElse(Long.MAX_VALUE);
    }

    /**
     * Durable before acknowledged: the session waits (suspended, so its later commands wait too)
     * until everything queued for history so far is committed, then {@code underLock} sends its
     * receipt (an echo) on its loop.
     */
    static void onceStored(ServerContext ctx, Session session, Runnable underLock) {
        session.commands().suspend();
        ctx.history().afterPending(() -> session.commands().resume(underLock));
    }

    /** The history targets to read together, and nothing older than {@code notBeforeMs}. */
    record Readable(List<String> targets, long notBeforeMs) {
    }

    /**
     * Sends a stored message inside the reply batch {@code batch}: a multiline message as a
     * nested draft/multiline batch to a client with the capability (and batch, which it
     * implies), as separate lines to the others, as it was delivered.
     */
    static void replay(ServerContext ctx, Session session, String batch, StoredMessage stored) {
        boolean nested = stored.multiline() != null && session.has(Capability.MULTILINE)
                && session.has(Capability.BATCH);
        stored.replay(batch, nested ? ctx.newMessageId() : null).forEach(session::send);
    }

    /** Suspends the session until {@code read} completes, then hands the result over under the lock. */
    static <T> void await(Session session, CompletableFuture<T> read, Consumer<T> onResult, Runnable onFailure) {
        session.commands().suspend();
        read.whenComplete((result, error) -> session.commands().resume(() -> {
            if (error != null) {
                onFailure.run();
            } else {
                onResult.accept(result);
            }
        }));
    }
}
