package dev.parley.client.chat;

import dev.parley.client.render.Renderer;
import dev.parley.protocol.IrcMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Private messages that came while the user was not connected, shown at each login under
 * "Name wrote to you while you were away:". CHATHISTORY TARGETS says who wrote since the last
 * message this client saw (or in the last week); each conversation is then fetched after the
 * server's read marker for it when the server keeps read markers (draft/read-marker), else after
 * that same time. With read markers, what the user is shown is marked read, so that the user's
 * other clients and the next login agree on what is new.
 */
final class AwayMessages {
    private static final int LIMIT = 50;
    private static final Duration LOOK_BACK = Duration.ofDays(7);

    private final ChatState state;
    private final History history;
    private final EarlierLines earlier;
    private final Rooms rooms;
    private final Screen screen;
    private final Renderer renderer;
    private final Clock clock;
    private final LastSeen lastSeen;
    /** Conversations whose read marker was asked for, in the order asked. */
    private final Deque<Conversation> markersAsked = new ArrayDeque<>();
    private Instant since;
    private int conversationsLeft;
    private boolean allShown;
    private Instant newest;

    /** A conversation with news, and the time of its newest message (null when not given). */
    private record Conversation(String nick, Instant newest) {
    }

    AwayMessages(ChatState state, History history, EarlierLines earlier, Rooms rooms, Screen screen,
                 Renderer renderer, Clock clock, LastSeen lastSeen) {
        this.state = state;
        this.history = history;
        this.earlier = earlier;
        this.rooms = rooms;
        this.screen = screen;
        this.renderer = renderer;
        this.clock = clock;
        this.lastSeen = lastSeen;
    }

    private boolean readMarkers() {
        return state.has("draft/read-marker");
    }

    /** Registered (end of the MOTD): asks who wrote meanwhile. */
    void loggedIn() {
        markersAsked.clear();
        if (!history.available()) {
            return;
        }
        Instant now = clock.instant();
        since = lastSeen.get().orElse(now.minus(LOOK_BACK));
        history.targets(since, now.plus(Duration.ofDays(1)), state.historyLimit(LIMIT), this::targets);
    }

    private void targets(List<IrcMessage> lines) {
        allShown = lines.size() < state.historyLimit(LIMIT);
        newest = null;
        List<Conversation> conversations = new ArrayList<>();
        for (IrcMessage line : lines) {
            Conversation conversation = new Conversation(line.param(1), ChatState.parseTime(line.param(2)));
            if (conversation.newest() != null && (newest == null || conversation.newest().isAfter(newest))) {
                newest = conversation.newest();
            }
            // Rooms have their history on joining; only people wrote "to you".
            if (conversation.nick() != null && !state.isRoom(conversation.nick()) && !state.isMe(conversation.nick())) {
                conversations.add(conversation);
            }
        }
        conversationsLeft = conversations.size();
        if (conversations.isEmpty()) {
            finished();
        }
        for (Conversation conversation : conversations) {
            if (readMarkers()) {
                markersAsked.add(conversation);
                state.send(IrcMessage.of("MARKREAD", conversation.nick()));
            } else {
                fetch(conversation.nick(), History.timestamp(since));
            }
        }
    }

    /**
     * MARKREAD target timestamp=... (or *): the answer to a question about a read marker; or news
     * of one moved by another client of the user, or the echo of one moved by this one, which
     * need nothing done.
     */
    void markRead(IrcMessage message) {
        Conversation asked = markersAsked.peek();
        if (asked == null || !state.people.same(asked.nick(), message.param(0))) {
            return;
        }
        markersAsked.poll();
        Instant marker = ChatState.parseTime(message.param(1));
        if (marker == null) {
            fetch(asked.nick(), History.timestamp(since)); // never marked: as if there were no markers
        } else if (asked.newest() != null && !asked.newest().isAfter(marker)) {
            conversationDone(true); // read on another client already
        } else {
            fetch(asked.nick(), History.timestamp(marker));
        }
    }

    /** FAIL MARKREAD, or MARKREAD unknown: the conversation is fetched as if there were no markers. */
    void markReadFailed() {
        Conversation asked = markersAsked.poll();
        if (asked != null) {
            fetch(asked.nick(), History.timestamp(since));
        }
    }

    private void fetch(String nick, String after) {
        int limit = state.historyLimit(LIMIT);
        history.after(nick, after, limit, batch -> earlier.prepare(batch,
                messages -> show(nick, messages, batch.size() < limit)));
    }

    private void show(String nick, List<TextMessage> messages, boolean complete) {
        TextMessage fromThem = messages.stream().filter(m -> !m.own()).findFirst().orElse(null);
        // Only one's own lines (sent from another client) are no news: nothing to say then.
        if (fromThem != null) {
            String name = state.displayName(nick, fromThem.account());
            screen.show(earlier.render(renderer.wroteWhileAway(name), messages, rooms));
            markRead(nick, messages.get(messages.size() - 1));
        }
        conversationDone(complete);
    }

    /** A private message was shown live: the user has read it. */
    void readLive(TextMessage message) {
        markRead(message.partner(), message);
    }

    private void markRead(String nick, TextMessage last) {
        if (readMarkers() && last.timeText() != null) {
            state.send(IrcMessage.of("MARKREAD", nick, "timestamp=" + last.timeText()));
        }
    }

    private void conversationDone(boolean complete) {
        allShown &= complete;
        if (--conversationsLeft == 0) {
            finished();
        }
    }

    /**
     * Everything up to the newest message of any conversation has been shown, unless a limit cut
     * something off: the next login need not look further back than that.
     */
    private void finished() {
        if (allShown && newest != null) {
            lastSeen.advance(newest);
        }
    }

    void disconnected() {
        markersAsked.clear();
        conversationsLeft = 0;
    }
}
