package dev.parley.client.chat;

import dev.parley.client.ui.Console;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the chat's lines go. Until the user has been greeted ("19803021 : Pranav Gupta", the
 * message of the day, "All set..."), lines wait, so that the greeting always comes first as in
 * the lab system; then they are printed as they come.
 */
final class Screen {
    private final Console console;
    /** Lines waiting for the greeting; null once the user has been greeted. */
    private List<String> beforeGreeting = new ArrayList<>();

    Screen(Console console) {
        this.console = console;
    }

    void show(String line) {
        if (line == null) {
            return; // nothing worth a line (e.g. a CTCP request)
        }
        if (beforeGreeting != null) {
            beforeGreeting.add(line);
        } else {
            console.println(line);
        }
    }

    void show(List<String> lines) {
        lines.forEach(this::show);
    }

    /** Prints the greeting, then everything that waited for it. */
    void greet(List<String> greeting) {
        greeting.forEach(console::println);
        List<String> waiting = beforeGreeting;
        beforeGreeting = null;
        if (waiting != null) {
            waiting.forEach(console::println);
        }
    }

    boolean greeted() {
        return beforeGreeting == null;
    }

    /** Rows of the user's terminal, or 0 when unknown. */
    int height() {
        return console.height();
    }
}
