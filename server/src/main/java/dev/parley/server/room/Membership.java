package dev.parley.server.room;

/** A member's standing in one room: operator (@) and/or voiced (+). Changed through {@link Room}. */
public final class Membership {
    private final long joinedAtMillis = System.currentTimeMillis();
    private boolean operator;
    private boolean voiced;

    /** When the member joined (milliseconds since the epoch). */
    public long joinedAtMillis() {
        return joinedAtMillis;
    }

    public boolean operator() {
        return operator;
    }

    void operator(boolean value) {
        operator = value;
    }

    public boolean voiced() {
        return voiced;
    }

    void voiced(boolean value) {
        voiced = value;
    }

    /** The highest prefix ("@", "+" or ""), or all of them in rank order when {@code all}. */
    public String prefixes(boolean all) {
        if (all) {
            return (operator ? "@" : "") + (voiced ? "+" : "");
        }
        return operator ? "@" : voiced ? "+" : "";
    }
}
