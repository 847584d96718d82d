package dev.parley.server.session;

/**
 * When a client's next command may be handled, and what waits meanwhile. Slow work (a password
 * check, a database read) <em>suspends</em> the client: its later lines wait, unread, until the
 * work {@link #resume resumes} it on its event loop. An echo that waits for history holds only
 * what the client is sent directly ({@link Receipts}); its next messages go on. Changed under the
 * state lock, on the session's event loop (see {@code docs/concurrency.md}).
 */
public final class CommandOrder {
    private boolean suspended;
    /** When the current suspension began ({@link System#nanoTime}), for the watchdog. */
    private long suspendedSinceNanos;
    private Resumer resumer = Resumer.AT_ONCE;
    /** Echoes waiting for history and what is sent behind them; null when none wait. */
    private Receipts receipts;

    /** What finishes slow work for a session: its connection's handler, which owns the order of its lines. */
    public interface Resumer {
        /** Runs the work in the calling thread: a session with no connection handler (tests). */
        Resumer AT_ONCE = new Resumer() {
            @Override
            public void resume(Runnable underLock) {
                underLock.run();
            }

            @Override
            public void later(Runnable underLock) {
                underLock.run();
            }
        };

        /** Runs {@code underLock} on the session's event loop holding the state lock, then its waiting lines. */
        void resume(Runnable underLock);

        /**
         * Runs {@code underLock} on the session's event loop holding the state lock, the session
         * not being suspended; then, if no echo waits any more, the lines that waited for that.
         */
        void later(Runnable underLock);
    }

    public boolean suspended() {
        return suspended;
    }

    /** Holds this client's next commands until {@link #resume} runs. */
    public void suspend() {
        suspended = true;
        suspendedSinceNanos = System.nanoTime();
    }

    /**
     * Finishes slow work from any thread: {@code underLock} runs on this client's event loop holding
     * the state lock, then the commands that waited are handled in order.
     */
    public void resume(Runnable underLock) {
        resumer.resume(underLock);
    }

    /** Clears the suspension; called by the resumer under the lock. */
    public void unsuspend() {
        suspended = false;
    }

    public void resumer(Resumer newResumer) {
        resumer = newResumer;
    }

    /** Runs {@code underLock} on this client's event loop holding the state lock, without suspending it. */
    public void later(Runnable underLock) {
        resumer.later(underLock);
    }

    /**
     * Whether this client has waited longer than {@code limitNanos} at {@code nowNanos}, for slow
     * work or for an echo: work that never finishes (a bug, a lost callback) would otherwise hold
     * the client for ever while its PONGs keep the connection alive.
     */
    public boolean waitedLongerThan(long limitNanos, long nowNanos) {
        return (suspended && nowNanos - suspendedSinceNanos > limitNanos)
                || (receipts != null && receipts.waitedLongerThan(limitNanos, nowNanos));
    }

    /**
     * Reserves the place of an echo that waits for history: what this client is sent directly
     * from now on goes out behind it. Fill it with {@link Session#deliverReceipt}.
     */
    public Receipts.Slot reserveReceipt() {
        if (receipts == null) {
            receipts = new Receipts();
        }
        return receipts.reserve();
    }

    /** Echoes that wait for history. */
    public int receiptsWaiting() {
        return receipts == null ? 0 : receipts.waiting();
    }

    /** Whether anything this client is sent waits behind an echo; its commands other than messages then wait too. */
    public boolean holdingReceipts() {
        return receipts != null;
    }

    /** Whether so much is held behind the echoes that even the client's messages must wait ({@link Receipts#MAX_HELD}). */
    public boolean holdingTooMuch() {
        return receipts != null && receipts.held() >= Receipts.MAX_HELD;
    }

    /** The echoes waiting and what waits behind them, or null. */
    Receipts receipts() {
        return receipts;
    }

    /** Nothing waits behind an echo any more. */
    void receiptsDone() {
        receipts = null;
    }
}
