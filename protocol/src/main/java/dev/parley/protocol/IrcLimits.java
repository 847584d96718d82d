package dev.parley.protocol;

/** Sizes the protocol fixes. */
public final class IrcLimits {
    private IrcLimits() {
    }

    /** Bytes of a line without its tags, CR LF included (RFC 1459 and modern IRC). */
    public static final int MAX_LINE_BYTES = 512;
    /** Bytes of the tag section a server accepts with message-tags ("@" and the space included). */
    public static final int MAX_TAG_BYTES = 8191;
    /** Bytes of client-sent tags (IRCv3 message-tags). */
    public static final int MAX_CLIENT_TAG_BYTES = 4094;
    /** The longest raw line a reader must accept: tags plus the body, CR LF included. */
    public static final int MAX_FRAME_BYTES = MAX_TAG_BYTES + MAX_LINE_BYTES;
}
