package dev.parley.server.history;

import java.util.List;

/**
 * One page of history to read (a CHATHISTORY subcommand, already checked).
 *
 * @param targets     the history targets to read together (a private conversation with someone
 *                    offline may be kept under their account and under their nick)
 * @param kind        which subcommand
 * @param first       its first message reference
 * @param second      BETWEEN's second reference, else null
 * @param limit       at most this many messages
 * @param events      whether to include events and TAGMSG (draft/event-playback), not just PRIVMSG/NOTICE
 * @param notBeforeMs nothing older than this is returned (a room's members may see only what came
 *                    after they joined); 0 for no bound
 */
public record HistoryRequest(List<String> targets, Kind kind, Ref first, Ref second, int limit,
                             boolean events, long notBeforeMs) {

    public HistoryRequest {
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no target");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit);
        }
    }

    public enum Kind { LATEST, BEFORE, AFTER, AROUND, BETWEEN }

    /** Where a page starts or ends: {@code *} (LATEST only), a message id, or a time. */
    public sealed interface Ref {
        /** {@code *}: no bound. */
        record None() implements Ref {
        }

        record Msgid(String msgid) implements Ref {
        }

        record Time(long epochMillis) implements Ref {
        }
    }
}
