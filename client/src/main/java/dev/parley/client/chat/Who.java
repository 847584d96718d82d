package dev.parley.client.chat;

import dev.parley.client.render.Renderer;
import dev.parley.client.render.Renderer.Context;
import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.Numerics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the client learns who is who: WHO for people online (in a room or not), WHOWAS for people
 * who have left, quietly; and the list /who shows. The server answers queries in the order they
 * were sent, which is what lets the client wait for "the answers to everything asked so far"
 * instead of a time.
 */
final class Who {
    /** WHOX query tokens: what the client asks for itself, and what /who shows. */
    private static final String QUIET = "1";
    private static final String SHOWN = "2";
    /**
     * At most this many people are looked up at once (two commands each), so that a screen of
     * history never costs the user the server's flood allowance; the rest show as nicks.
     */
    private static final int MAX_LOOKUPS = 8;

    private final ChatState state;
    private final Screen screen;
    private final Renderer renderer;
    private String shownMask;
    private List<String> shown;
    /** Nicks asked about with WHOWAS, in the order asked, with what to do once an answer is in. */
    private final Deque<Lookup> lookups = new ArrayDeque<>();

    private record Lookup(String nick, Runnable then) {
    }

    Who(ChatState state, Screen screen, Renderer renderer) {
        this.state = state;
        this.screen = screen;
        this.renderer = renderer;
    }

    /** Asks quietly about a nick or a room; the answers only teach names. */
    void ask(String mask) {
        ask(mask, QUIET);
    }

    /** Asks about a room or mask for /who: the answers are listed when complete. */
    void show(String mask) {
        shownMask = mask;
        shown = new ArrayList<>();
        ask(mask, SHOWN);
    }

    private void ask(String mask, String token) {
        state.send(state.whox ? IrcMessage.of("WHO", mask, "%tnar," + token) : IrcMessage.of("WHO", mask));
    }

    /**
     * Learns the real names of these nicks, online or gone, then runs {@code then}: at once when
     * there is nothing to ask, else when the server has answered the last question.
     */
    void learnNames(Collection<String> nicks, Runnable then) {
        Map<String, String> distinct = new LinkedHashMap<>();
        for (String nick : nicks) {
            if (distinct.size() < MAX_LOOKUPS) {
                distinct.putIfAbsent(state.fold(nick), nick);
            }
        }
        if (distinct.isEmpty()) {
            then.run();
            return;
        }
        int left = distinct.size();
        for (String nick : distinct.values()) {
            ask(nick);
            state.send(IrcMessage.of("WHOWAS", nick, "1"));
            lookups.add(new Lookup(nick, --left == 0 ? then : null));
        }
    }

    /** RPL_WHOREPLY (352) or RPL_WHOSPCRPL (354); returns the nick it was about, or null. */
    String reply(IrcMessage message) {
        String nick;
        String realName;
        String account = null;
        String token = null;
        if (Numerics.RPL_WHOREPLY.equals(message.command())) {
            nick = message.param(5);
            realName = realNameOfWhoReply(message.last()); // "<hopcount> <real name>"
        } else {
            if (message.params().size() < 5) {
                return null;
            }
            token = message.param(1);
            account = message.param(3);
            nick = message.param(2);
            realName = message.param(4);
        }
        if (nick == null) {
            return null;
        }
        state.people.learn(nick, realName, account);
        boolean listed = state.whox ? SHOWN.equals(token) : shownMask != null;
        if (listed && shown != null) {
            String id = account != null && !"0".equals(account) && !"*".equals(account) ? account : nick;
            shown.add(state.isMe(nick) ? "You" : state.people.display(nick) + " (" + id + ")");
        }
        return nick;
    }

    private static String realNameOfWhoReply(String trailing) {
        if (trailing == null) {
            return null;
        }
        int space = trailing.indexOf(' ');
        return space < 0 ? null : trailing.substring(space + 1);
    }

    /** RPL_ENDOFWHO (315): lists what /who asked for. */
    void end(String mask) {
        if (shownMask != null && state.people.same(mask, shownMask)) {
            screen.show(renderer.info(Context.LIVE, shown.isEmpty() ? "Nobody is in " + mask + "."
                    : (state.isRoom(mask) ? "In " : "") + mask + ": " + String.join(", ", shown)));
            shownMask = null;
            shown = null;
        }
    }

    /** RPL_WHOWASUSER (314): the name of someone gone, unless a newer one is known. */
    void wasUser(IrcMessage message) {
        String nick = message.param(1);
        if (nick != null && !state.people.knows(nick)) {
            state.people.learn(nick, message.last(), null);
        }
    }

    /** RPL_ENDOFWHOWAS (369), or WHOWAS refused: the oldest question is answered. */
    void endOfWhowas() {
        Lookup answered = lookups.poll();
        if (answered != null && answered.then() != null) {
            answered.then().run();
        }
    }

    /** Whether an error numeric answers one of the client's own quiet questions (not shown then). */
    boolean answersOwnQuestion(IrcMessage error) {
        if (Numerics.ERR_WASNOSUCHNICK.equals(error.command())) {
            return lookups.stream().anyMatch(l -> state.people.same(l.nick(), error.param(1)));
        }
        if (Numerics.ERR_UNKNOWNCOMMAND.equals(error.command()) && "WHOWAS".equalsIgnoreCase(error.param(1))) {
            endOfWhowas();
            return true;
        }
        return false;
    }

    void disconnected() {
        shownMask = null;
        shown = null;
        lookups.clear();
    }
}
