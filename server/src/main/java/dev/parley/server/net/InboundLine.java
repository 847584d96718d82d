package dev.parley.server.net;

import dev.parley.protocol.IrcMessage;

/** What the line decoder makes of one received line. */
public sealed interface InboundLine {

    /** A well-formed message. */
    record Message(IrcMessage message) implements InboundLine {
    }

    /** A line that is not valid UTF-8; {@code command} is the best guess at its command, or "*". */
    record InvalidUtf8(String command) implements InboundLine {
    }

    /** A line longer than the protocol allows. */
    record TooLong() implements InboundLine {
    }

    /** A line that does not parse; {@code reason} is for the sender. */
    record Malformed(String reason) implements InboundLine {
    }
}
