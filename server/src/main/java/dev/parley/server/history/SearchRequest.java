package dev.parley.server.history;

import java.util.List;

/**
 * A search (soju.im/search), already limited to what the asker may read.
 *
 * @param rooms       rooms to search, each with the time before which its member may not read
 * @param identity    whose private conversations to search too, or null for none
 * @param conversations when not null, only these private conversations (instead of all of
 *                    {@code identity}'s)
 * @param words       every one of them must be in the text; empty for no text condition
 * @param fromNick    only what this nick said, or null
 * @param afterMs     only what was said after this time (exclusive)
 * @param beforeMs    only what was said before this time (exclusive)
 * @param limit       the newest this many matches
 */
public record SearchRequest(List<RoomScope> rooms, Identity identity, List<String> conversations,
                            List<String> words, String fromNick, long afterMs, long beforeMs, int limit) {

    public SearchRequest {
        rooms = List.copyOf(rooms);
        conversations = conversations == null ? null : List.copyOf(conversations);
        words = List.copyOf(words);
    }

    /** A room to search, from {@code notBeforeMs} on. */
    public record RoomScope(String target, long notBeforeMs) {
    }
}
