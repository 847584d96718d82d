package dev.parley.protocol;

/** A line that is not a well-formed IRC message. The message says what is wrong, for the sender. */
public final class IrcParseException extends Exception {
    private static final long serialVersionUID = 1L;

    public IrcParseException(String message) {
        super(message);
    }
}
