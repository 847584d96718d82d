package dev.parley.client.chat;

import dev.parley.client.render.Renderer;
import dev.parley.client.render.Renderer.Context;
import dev.parley.protocol.IrcMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Lines from history as the user reads them: under a heading, each with its time, then
 * "--- now ---", with the senders' real names. A sender who is still in the room is known from
 * the room's WHO (asked before the history, so answered before it); one who has left is looked up
 * first, and shows as a nick only when the server no longer knows them.
 */
final class EarlierLines {
    private final ChatState state;
    private final Who who;
    private final Renderer renderer;
    private final Redactions redactions;

    EarlierLines(ChatState state, Who who, Renderer renderer, Redactions redactions) {
        this.state = state;
        this.who = who;
        this.renderer = renderer;
        this.redactions = redactions;
    }

    /**
     * The messages of a history batch worth showing (not CTCP, not already shown live), handed to
     * {@code ready} once the names of their senders are known as far as they can be.
     */
    void prepare(List<IrcMessage> batch, Consumer<List<TextMessage>> ready) {
        prepare(batch, true, ready);
    }

    /** Like {@link #prepare}, lines shown before included: for search results, which are looked back at. */
    void prepareAll(List<IrcMessage> batch, Consumer<List<TextMessage>> ready) {
        prepare(batch, false, ready);
    }

    private void prepare(List<IrcMessage> batch, boolean asHistory, Consumer<List<TextMessage>> ready) {
        List<TextMessage> messages = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (IrcMessage message : batch) {
            TextMessage text = TextMessage.of(message, state);
            if (text == null || asHistory && !state.firstShowing(text.msgid())) {
                continue;
            }
            if (asHistory) {
                redactions.remember(text); // a REDACT may come later for a line of history too
            }
            messages.add(text);
            if (text.lacksName(state)) {
                unknown.add(text.nick());
            }
        }
        who.learnNames(unknown, () -> ready.accept(messages));
    }

    /** The lines to print: heading, messages, "--- now ---"; none when there are no messages. */
    List<String> render(String heading, List<TextMessage> messages, Rooms rooms) {
        if (messages.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add(heading);
        for (TextMessage message : messages) {
            String room = message.room(state);
            Context where = room == null ? new Context(null, message.time()) : rooms.context(room, message.time());
            lines.add(message.render(renderer, state, where));
        }
        lines.add(renderer.now());
        return lines;
    }
}
