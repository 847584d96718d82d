package dev.parley.server.testing;

import dev.parley.protocol.IrcMessage;
import java.io.IOException;

/**
 * Fills the send queue of a room member that never reads: another member says 400-byte lines in
 * batches (each followed by a sync, so the talker itself keeps up) until the server drops someone.
 */
public final class SendQueueFlood {
    private static final int BATCH = 200;
    private static final int MAX_BATCHES = 500;

    private SendQueueFlood() {
    }

    /** The QUIT the talker saw in {@code room}, or null when nobody was dropped after 100,000 lines. */
    public static IrcMessage untilSomeoneIsDropped(IrcTestClient talker, String room) throws IOException {
        String text = "x".repeat(400);
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            for (int i = 0; i < BATCH; i++) {
                talker.send("PRIVMSG " + room + " :" + text);
            }
            for (IrcMessage m : talker.sync()) {
                if (m.command().equals("QUIT")) {
                    return m;
                }
            }
        }
        return null;
    }
}
