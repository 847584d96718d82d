package dev.parley.server.session;

import dev.parley.protocol.IrcMessage;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * A client's echoes (echo-message) that wait for history, and what the client is sent directly
 * behind them. An echo is a receipt: it goes out only once its message is stored. Meanwhile the
 * client's next messages are handled (so a pasted block reaches everyone at once, not one line a
 * commit), and whatever it is sent directly (their echoes, error replies) queues here, in order,
 * behind the echoes still waiting. Commits come in the order of the messages, so the echoes fill
 * in order too; each one filled lets out everything up to the next that still waits. Changed
 * under the state lock, on the session's event loop, like the rest of the session.
 */
public final class Receipts {
    /** Echoes waiting at most; past that the client's next message waits for history as before. */
    public static final int MAX_WAITING = 64;
    /**
     * Messages held behind the echoes at most before the client's next lines wait until the
     * echoes are out: what is held is not yet in the send queue, so a client that makes replies
     * (a flood of messages to nowhere) while history is slow must not be able to pile them up.
     */
    public static final int MAX_HELD = 256;

    /** One echo's place in the queue, filled when its message is committed. */
    public static final class Slot {
        private final long sinceNanos = System.nanoTime();
        private List<IrcMessage> messages;
    }

    /** {@link IrcMessage}s and {@link Slot}s, in the order the client gets them; each message as this client is sent it. */
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private int waiting;
    private int held;

    Slot reserve() {
        Slot slot = new Slot();
        queue.add(slot);
        waiting++;
        return slot;
    }

    void hold(IrcMessage message) {
        queue.add(message);
        held++;
    }

    int waiting() {
        return waiting;
    }

    int held() {
        return held;
    }

    /** Whether the oldest echo still waiting has waited longer than {@code limitNanos}. */
    boolean waitedLongerThan(long limitNanos, long nowNanos) {
        return queue.peek() instanceof Slot slot && slot.messages == null && nowNanos - slot.sinceNanos > limitNanos;
    }

    /**
     * Fills {@code slot} with the echoes as this client is sent them (the list is kept, not
     * copied); the caller then sends what {@link #takeReady} gives.
     */
    void fill(Slot slot, List<IrcMessage> echoes) {
        if (slot.messages == null) {
            slot.messages = echoes;
            waiting--;
        }
    }

    /**
     * Hands {@code send} everything from the front of the queue up to the first echo still
     * waiting. True when nothing is left.
     */
    boolean takeReady(Consumer<IrcMessage> send) {
        while (!queue.isEmpty()) {
            Object head = queue.peek();
            if (head instanceof Slot slot) {
                if (slot.messages == null) {
                    return false;
                }
                queue.poll();
                slot.messages.forEach(send);
            } else {
                queue.poll();
                held--;
                send.accept((IrcMessage) head);
            }
        }
        return true;
    }
}
