package dev.parley.client.testing;

import dev.parley.client.ui.Console;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A console driven by a test: lines to "type" are queued, every line shown (prompts included) is
 * recorded, and the test waits for the line it expects instead of sleeping.
 */
public final class TestConsole implements Console {
    private static final String EOF = "\u0000EOF";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final BlockingQueue<String> typed = new LinkedBlockingQueue<>();
    private final BlockingQueue<Boolean> answers = new LinkedBlockingQueue<>();
    private final List<String> shown = new ArrayList<>();
    private final boolean interactive;
    private int cursor;
    private int height;

    public TestConsole(boolean interactive) {
        this.interactive = interactive;
    }

    /** Queues lines as if typed by the user. */
    public TestConsole type(String... lines) {
        typed.addAll(List.of(lines));
        return this;
    }

    /** Queues end of input (Ctrl-D). */
    public void endInput() {
        typed.add(EOF);
    }

    /** Queues the answer to the next yes/no question. */
    public TestConsole answer(boolean yes) {
        answers.add(yes);
        return this;
    }

    @Override
    public synchronized void println(String line) {
        shown.add(line);
        notifyAll();
    }

    @Override
    public String readLine(String prompt) {
        if (!prompt.isEmpty()) {
            println(prompt);
        }
        return take();
    }

    @Override
    public String readPassword(String prompt) {
        println(prompt);
        return take();
    }

    @Override
    public boolean confirm(String question) {
        println(question);
        try {
            Boolean answer = answers.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return answer != null && answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean interactive() {
        return interactive;
    }

    /** Plays a terminal of this many rows. */
    public TestConsole height(int rows) {
        height = rows;
        return this;
    }

    @Override
    public int height() {
        return height;
    }

    private String take() {
        try {
            String line = typed.take();
            if (EOF.equals(line)) {
                typed.add(EOF); // stays at the end for any later read
                return null;
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Waits until a line after the last awaited one equals {@code line}; returns it. */
    public String await(String line) {
        return await(line::equals, "a line equal to \"" + line + "\"");
    }

    /** Waits until a line after the last awaited one starts with {@code prefix}. */
    public String awaitStartingWith(String prefix) {
        return await(l -> l.startsWith(prefix), "a line starting with \"" + prefix + "\"");
    }

    public synchronized String await(Predicate<String> wanted, String description) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            while (cursor < shown.size()) {
                String line = shown.get(cursor++);
                if (wanted.test(line)) {
                    return line;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Timed out waiting for " + description + "; shown so far:\n  "
                        + String.join("\n  ", shown));
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted", e);
            }
        }
    }

    /** Every line shown so far. */
    public synchronized List<String> lines() {
        return List.copyOf(shown);
    }
}
