package dev.parley.server.session;

import dev.parley.protocol.IrcMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * The replies of a client's labeled command (labeled-response), collected while it runs so that
 * they go out as one labeled response when it ends. A command that suspends for slow work parks
 * them, so that what others make the client hear meanwhile is not taken for its replies, and
 * takes them up again when it resumes. A session makes one at its first labeled command, as most
 * clients never send one; changed under the state lock, on the session's event loop, like the
 * rest of the session.
 */
final class LabeledReplies {
    /** The running command's label, and the replies collected for it; null when none runs. */
    private String label;
    private List<IrcMessage> replies;
    /** Those of a command that waits for slow work, set aside until it resumes. */
    private String parkedLabel;
    private List<IrcMessage> parkedReplies;

    /** The running command's label, or null. */
    String label() {
        return label;
    }

    void begin(String newLabel) {
        label = newLabel;
        replies = new ArrayList<>();
    }

    /** Keeps {@code message} for the running command's response; false when no label runs. */
    boolean collect(IrcMessage message) {
        if (replies == null) {
            return false;
        }
        replies.add(message);
        return true;
    }

    /** Stops collecting and hands back what was collected. */
    List<IrcMessage> end() {
        List<IrcMessage> collected = replies == null ? List.of() : replies;
        label = null;
        replies = null;
        return collected;
    }

    /** Sets the running label aside while the command waits for slow work. */
    void park() {
        parkedLabel = label;
        parkedReplies = replies;
        label = null;
        replies = null;
    }

    /** Takes a parked label up again when the slow work is done; the label, or null if none was parked. */
    String unpark() {
        if (parkedLabel == null) {
            return null;
        }
        label = parkedLabel;
        replies = parkedReplies;
        parkedLabel = null;
        parkedReplies = null;
        return label;
    }

    /** Takes the running label away, the command answering it later itself; null when there is none. */
    String take() {
        String taken = label;
        label = null;
        replies = null;
        return taken;
    }
}
