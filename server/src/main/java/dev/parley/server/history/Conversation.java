package dev.parley.server.history;

/**
 * A private conversation: its two parties in a fixed order, so that both find the same history.
 * A conversation with oneself has the same party twice.
 */
public record Conversation(Identity first, Identity second) {

    public static Conversation between(Identity a, Identity b) {
        return a.key().compareTo(b.key()) <= 0 ? new Conversation(a, b) : new Conversation(b, a);
    }

    /** The history target of this conversation. */
    public String key() {
        return first.key() + " " + second.key();
    }

    /** Whether anyone could ever read it back: only members have private history. */
    public boolean kept() {
        return first.member() || second.member();
    }
}
