package dev.parley.client.chat;

import dev.parley.client.render.Renderer;
import dev.parley.client.render.Renderer.Context;
import dev.parley.protocol.IrcMessage;
import java.time.Instant;

/**
 * One PRIVMSG or NOTICE as the user will read it, the same whether it comes live or from history.
 *
 * @param nick       the sender's nick (for a server notice, the server's name)
 * @param account    the sender's account from the account tag, or null
 * @param target     the room or nick it was sent to, as sent
 * @param text       the text, an action's without its CTCP wrapping
 * @param notice     a NOTICE rather than a PRIVMSG
 * @param action     a /me action
 * @param own        sent by the user (from this client or another one)
 * @param fromServer sent by the server itself, not by a person
 * @param time       the server-time tag, or null
 * @param timeText   the server-time tag as the server wrote it (for MARKREAD), or null
 * @param msgid      the msgid tag, or null
 */
record TextMessage(String nick, String account, String target, String text, boolean notice, boolean action,
                   boolean own, boolean fromServer, Instant time, String timeText, String msgid) {

    /** The message as a line to show; null when it is none (incomplete, or a CTCP request). */
    static TextMessage of(IrcMessage message, ChatState state) {
        String target = message.param(0);
        String text = message.param(1);
        if (target == null || text == null) {
            return null;
        }
        boolean notice = "NOTICE".equals(message.command());
        String source = message.source();
        boolean fromServer = source == null || (source.indexOf('!') < 0 && source.indexOf('.') >= 0);
        boolean action = text.startsWith("\u0001ACTION") && !notice;
        if (text.startsWith("\u0001") && !action) {
            return null; // other CTCP requests would tell strangers what the user runs; not answered
        }
        if (action) {
            text = text.substring(7).replace("\u0001", "").strip();
        }
        String nick = fromServer ? (source == null ? "server" : source) : ChatState.nickOf(source);
        String account = message.tags().get("account");
        String timeText = message.tags().get("time");
        return new TextMessage(nick, account, target, text, notice, action,
                !fromServer && state.isOwn(nick, account), fromServer, ChatState.parseTime(timeText), timeText,
                message.tags().get("msgid"));
    }

    /** The room it went to, or null for a private message. */
    String room(ChatState state) {
        String room = state.stripStatus(target);
        return state.isRoom(room) ? room : null;
    }

    /** The other person of a private conversation: the recipient of one's own line, else the sender. */
    String partner() {
        return own ? target : nick;
    }

    /** Whether the sender's real name is still to be learned before the line can be shown well. */
    boolean lacksName(ChatState state) {
        return !own && !fromServer && state.knownName(nick, account).isEmpty();
    }

    /** The line, in the seed's words, with the names known by now. */
    String render(Renderer renderer, ChatState state, Context where) {
        if (fromServer) {
            return renderer.notice(where, nick, text);
        }
        String sender = state.displayName(nick, account);
        if (room(state) != null) {
            return notice ? renderer.notice(where, sender, text)
                    : action ? renderer.action(where, sender, own, text)
                    : renderer.message(where, sender, own, text);
        }
        if (own) {
            String recipient = state.displayName(target, null);
            return action ? renderer.privateAction(where, null, true, recipient, text)
                    : notice ? renderer.notice(where, "You to " + recipient, text)
                    : renderer.ownPrivateMessage(where, recipient, text);
        }
        return action ? renderer.privateAction(where, sender, false, null, text)
                : notice ? renderer.notice(where, sender, text)
                : renderer.privateMessage(where, sender, text);
    }
}
