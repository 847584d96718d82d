package dev.parley.client;

import dev.parley.client.chat.ChatSession;
import dev.parley.client.login.LinkClosedException;
import dev.parley.client.net.ConnectionListener;
import dev.parley.client.net.IrcConnection;
import dev.parley.client.ui.Console;
import dev.parley.protocol.IrcMessage;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one queue of events that {@link ChatClient}'s thread takes everything from: the server's
 * messages and closed connections, put there by the network threads, and the user's lines, put
 * there by the thread that reads them. Only the queue is shared between threads.
 */
final class ClientEvents {

    sealed interface Event permits Received, Closed, Typed, InputEnded {
    }

    record Received(IrcConnection connection, IrcMessage message) implements Event {
    }

    record Closed(IrcConnection connection, String reason) implements Event {
    }

    record Typed(String line) implements Event {
    }

    record InputEnded() implements Event {
    }

    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final ConnectionListener listener = new ConnectionListener() {
        @Override
        public void received(IrcConnection connection, IrcMessage message) {
            queue.add(new Received(connection, message));
        }

        @Override
        public void closed(IrcConnection connection, String reason) {
            queue.add(new Closed(connection, reason));
        }
    };

    /** What every connection reports to. */
    ConnectionListener listener() {
        return listener;
    }

    Event take() throws InterruptedException {
        return queue.take();
    }

    /** The next event within {@code nanos}, or null when there was none. */
    Event poll(long nanos) throws InterruptedException {
        return queue.poll(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The next message from {@code connection}, for a login waiting for the server's answer. Other
     * events that come meanwhile go to {@code meanwhile}.
     *
     * @throws LinkClosedException when the connection closes, or the server does not answer
     *                             within {@code timeout} (then it is closed)
     */
    IrcMessage nextMessage(IrcConnection connection, Duration timeout, Consumer<Event> meanwhile)
            throws LinkClosedException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Event event = left <= 0 ? null : poll(left);
            if (event == null) {
                connection.close();
                throw new LinkClosedException("the server did not answer in time");
            }
            if (event instanceof Received received && received.connection() == connection) {
                return received.message();
            }
            if (event instanceof Closed closed && closed.connection() == connection) {
                throw new LinkClosedException(closed.reason());
            }
            meanwhile.accept(event);
        }
    }

    /** Starts the thread that puts the user's lines in the queue, until the input ends or a QUIT. */
    void startReadingInput(Console console) {
        Thread reader = new Thread(() -> {
            while (true) {
                String line;
                try {
                    line = console.readLine("");
                } catch (RuntimeException e) {
                    line = null;
                }
                if (line == null) {
                    queue.add(new InputEnded());
                    return;
                }
                console.consumedInput();
                queue.add(new Typed(line));
                if (ChatSession.isQuit(line)) {
                    return;
                }
            }
        }, "parley-input");
        reader.setDaemon(true);
        reader.start();
    }
}
