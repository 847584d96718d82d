package dev.parley.client.chat;

import dev.parley.client.render.Renderer;
import dev.parley.client.render.Renderer.Context;
import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.MessageTags;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * /search (soju.im/search): SEARCH asks the server's stored messages; each request is answered, in
 * order, by one soju.im/search batch of messages or by FAIL SEARCH. The results are shown as
 * history is, with their times and real names, but always naming the room: they come from
 * anywhere, and were mostly shown before, so they are not counted as seen.
 */
final class Search {
    static final String CAP = "soju.im/search";
    private static final String BATCH_TYPE = "soju.im/search";
    /** Results asked for: about a screenful. */
    private static final int LIMIT = 20;

    private final ChatState state;
    private final EarlierLines earlier;
    private final Screen screen;
    private final Renderer renderer;
    /** The words of each request sent and not yet answered, oldest first. */
    private final Deque<String> asked = new ArrayDeque<>();
    /** Open search batches by reference: the words they answer, and their lines. */
    private final Map<String, Batch> open = new HashMap<>();

    private record Batch(String words, List<IrcMessage> lines) {
    }

    Search(ChatState state, EarlierLines earlier, Screen screen, Renderer renderer) {
        this.state = state;
        this.earlier = earlier;
        this.screen = screen;
        this.renderer = renderer;
    }

    /**
     * What the user typed after /search: words, or a target then words. The target is "in:WHO", a
     * room, or the nick of someone known; any other first word is one of the words.
     */
    void typed(String rest) {
        if (!state.has(CAP) || !state.has("batch")) {
            info("The server does not offer search.");
            return;
        }
        String[] words = rest.split(" +", 2);
        String target = null;
        String text = rest;
        if (words.length == 2) {
            String first = words[0];
            if (first.toLowerCase(Locale.ROOT).startsWith("in:") && first.length() > 3) {
                target = first.substring(3);
            } else if (state.isRoom(first) || state.people.isKnownNick(first)) {
                target = first;
            }
            text = target == null ? rest : words[1].trim();
        }
        if (text.isEmpty() || (target == null && text.toLowerCase(Locale.ROOT).startsWith("in:"))) {
            screen.show("Usage: /search [#room | nick | in:WHO] words");
            return;
        }
        String attributes = "text=" + MessageTags.escape(text)
                + (target == null ? "" : ";in=" + MessageTags.escape(target)) + ";limit=" + LIMIT;
        asked.add(text);
        state.send(IrcMessage.of("SEARCH", attributes));
    }

    /** BATCH +ref soju.im/search, or BATCH -ref; other batches are not this class's. */
    void batch(IrcMessage message) {
        String ref = message.param(0);
        if (ref == null || ref.length() < 2) {
            return;
        }
        String id = ref.substring(1);
        if (ref.charAt(0) == '+') {
            if (BATCH_TYPE.equalsIgnoreCase(message.param(1))) {
                open.put(id, new Batch(asked.isEmpty() ? "" : asked.poll(), new ArrayList<>()));
            }
        } else if (ref.charAt(0) == '-') {
            Batch done = open.remove(id);
            if (done != null) {
                show(done);
            }
        }
    }

    /** Whether a line belongs to an open search batch: then it is kept for it, or dropped. */
    boolean takes(IrcMessage message) {
        String ref = message.tags().get("batch");
        Batch batch = ref == null ? null : open.get(ref);
        if (batch == null) {
            return false;
        }
        if ("PRIVMSG".equals(message.command()) || "NOTICE".equals(message.command())) {
            batch.lines().add(message);
        }
        return true;
    }

    /** FAIL SEARCH code :description answers the oldest request. */
    void failed(IrcMessage message) {
        asked.poll();
        info(message.last());
    }

    void disconnected() {
        asked.clear();
        open.clear();
    }

    private void show(Batch done) {
        earlier.prepareAll(done.lines(), messages -> {
            if (messages.isEmpty()) {
                info("No messages found.");
                return;
            }
            List<String> lines = new ArrayList<>();
            lines.add(renderer.searchHeading(done.words(), messages.size()));
            for (TextMessage message : messages) {
                lines.add(message.render(renderer, state, new Context(message.room(state), message.time())));
            }
            lines.add(renderer.endOfSearch());
            screen.show(lines);
        });
    }

    private void info(String text) {
        screen.show(renderer.info(Context.LIVE, text));
    }
}
