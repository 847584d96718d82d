package dev.parley.client.chat;

import dev.parley.client.render.Renderer;
import dev.parley.client.render.Renderer.Context;
import dev.parley.protocol.IrcMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Messages taken back (IRCv3 draft/message-redaction). A REDACT names a message only by its
 * msgid, so the lines shown recently are remembered by msgid with where they were said and by
 * whom; a REDACT for a line not remembered tells the user nothing they could place, and is not
 * shown. Also the user's own last line in each room, for /delete.
 */
final class Redactions {
    static final String CAP = "draft/message-redaction";
    /** Lines remembered: enough for what is still on the screen, bounded so a long session stays small. */
    private static final int REMEMBERED = 500;

    private final ChatState state;
    private final Screen screen;
    private final Renderer renderer;
    private final Clock clock;
    private final Map<String, TextMessage> said = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TextMessage> eldest) {
            return size() > REMEMBERED;
        }
    };
    /** The msgid of the user's last line in each room, by folded room name. */
    private final Map<String, String> lastOwn = new HashMap<>();

    Redactions(ChatState state, Screen screen, Renderer renderer, Clock clock) {
        this.state = state;
        this.screen = screen;
        this.renderer = renderer;
        this.clock = clock;
    }

    /** A line shown, live or from history. */
    void remember(TextMessage text) {
        if (text.msgid() == null || text.msgid().isEmpty() || text.fromServer()) {
            return;
        }
        said.put(text.msgid(), text);
        String room = text.room(state);
        if (text.own() && room != null) {
            lastOwn.put(state.fold(room), text.msgid());
        }
    }

    /** REDACT target msgid [:reason] from {@code nick}. */
    void redacted(String nick, IrcMessage message) {
        String msgid = message.param(1);
        TextMessage text = msgid == null ? null : said.remove(msgid);
        if (text == null) {
            return;
        }
        String room = text.room(state);
        if (room != null) {
            lastOwn.remove(state.fold(room), msgid);
        }
        String sender = text.own() ? "You" : state.displayName(text.nick(), text.account());
        boolean bySender = text.own() ? state.isMe(nick) : state.people.same(nick, text.nick());
        String redactor = bySender ? null : state.isMe(nick) ? "you" : state.people.display(nick);
        Instant at = ChatState.parseTime(message.tags().get("time"));
        screen.show(renderer.deleted(new Context(null, at == null ? clock.instant() : at),
                room == null ? "private" : room, sender, redactor, message.param(2)));
    }

    /**
     * /delete: takes back the user's last line in {@code room}. Known only from the server's echo
     * of it (echo-message), as only the server gives a line its msgid.
     */
    void deleteLast(String room) {
        if (!state.has(CAP)) {
            info("The server does not let messages be deleted.");
            return;
        }
        String msgid = lastOwn.get(state.fold(room));
        if (msgid == null) {
            info("You have said nothing in " + room + " that can be deleted.");
            return;
        }
        state.send(IrcMessage.of("REDACT", room, msgid));
    }

    private void info(String text) {
        screen.show(renderer.info(Context.LIVE, text));
    }
}
