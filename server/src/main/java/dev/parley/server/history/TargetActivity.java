package dev.parley.server.history;

/**
 * A target with something said in it, for CHATHISTORY TARGETS.
 *
 * @param target   the history target (a room's folded name, or a conversation's key)
 * @param peerName for a private conversation, the other party's name as the asker should use it;
 *                 null for a room
 * @param latestMs when the latest PRIVMSG or NOTICE was said
 */
public record TargetActivity(String target, String peerName, long latestMs) {
}
