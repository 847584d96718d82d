package dev.parley.client.chat;

import dev.parley.protocol.CaseMapping;
import dev.parley.protocol.IrcMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the chat knows of the user and of the server it talks to: who the user is, the
 * capabilities in use, the server's rules (ISUPPORT), the people seen; and the way to send to the
 * server. One per session; the parts that belong to one connection are replaced on each login.
 */
final class ChatState {
    /** A live line older than this was held back by the server: it is shown with its time. */
    private static final Duration LATE = Duration.ofMinutes(5);
    /** How many message ids are remembered, so that history never shows again a line seen live. */
    private static final int REMEMBERED_IDS = 2000;

    final People people = new People();
    String memberId;
    String ownNick;
    String ownAccount;
    boolean whox;
    /** CHATHISTORY=max: the most messages one request may ask for; 0 when the server sets no limit. */
    int historyMax;

    private Set<String> caps = Set.of();
    private String roomPrefixes = "#&";
    private Consumer<IrcMessage> server;
    private final Map<String, Boolean> shownIds = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };

    void connected(String memberId, String nick, String account, Set<String> enabledCaps,
                   Consumer<IrcMessage> send) {
        this.memberId = memberId;
        this.ownNick = nick;
        this.ownAccount = account;
        this.caps = Set.copyOf(enabledCaps);
        this.server = send;
        people.learn(nick, null, account);
    }

    void disconnected() {
        server = null;
    }

    void send(IrcMessage message) {
        if (server != null) {
            server.accept(message);
        }
    }

    boolean has(String cap) {
        return caps.contains(cap);
    }

    /** Reads the ISUPPORT tokens the client acts on. */
    void isupport(IrcMessage message) {
        for (String token : message.params().subList(1, Math.max(1, message.params().size() - 1))) {
            int eq = token.indexOf('=');
            String name = eq < 0 ? token : token.substring(0, eq);
            String value = eq < 0 ? "" : token.substring(eq + 1);
            switch (name) {
                case "WHOX" -> whox = true;
                case "CHANTYPES" -> roomPrefixes = value.isEmpty() ? "#" : value;
                case "CASEMAPPING" -> people.caseMapping(
                        "ascii".equalsIgnoreCase(value) ? CaseMapping.ASCII : CaseMapping.RFC1459);
                case "CHATHISTORY" -> {
                    try {
                        historyMax = Math.max(0, Integer.parseInt(value));
                    } catch (NumberFormatException e) {
                        historyMax = 0;
                    }
                }
                default -> {
                    // the client has no use for the rest
                }
            }
        }
    }

    /** At most {@code wanted}, and no more than the server allows in one CHATHISTORY request. */
    int historyLimit(int wanted) {
        return historyMax > 0 ? Math.min(wanted, historyMax) : wanted;
    }

    boolean isMe(String nick) {
        return people.same(nick, ownNick);
    }

    /** Whether a line from {@code nick} (with this account tag, or null) was the user's own. */
    boolean isOwn(String nick, String account) {
        return isMe(nick) || (account != null && ownAccount != null && people.same(account, ownAccount));
    }

    boolean isRoom(String name) {
        return name != null && !name.isEmpty() && roomPrefixes.indexOf(name.charAt(0)) >= 0;
    }

    /** "@#room" (a message to the room's operators) is still the room. */
    String stripStatus(String target) {
        int i = 0;
        while (i < target.length() - 1 && "@+%~&".indexOf(target.charAt(i)) >= 0
                && roomPrefixes.indexOf(target.charAt(i)) < 0) {
            i++;
        }
        return target.substring(i);
    }

    String fold(String name) {
        return people.caseMapping().fold(name);
    }

    /**
     * The name to show for a sender: the real name known for the nick, else the one known for the
     * account (the nick may be an old one, as in history), else the nick.
     */
    String displayName(String nick, String account) {
        return knownName(nick, account).orElse(nick);
    }

    Optional<String> knownName(String nick, String account) {
        Optional<String> byNick = people.realName(nick);
        return byNick.isPresent() || account == null ? byNick : people.realNameOfAccount(account);
    }

    /** Notes a message id as shown; false when it was shown before. */
    boolean firstShowing(String msgid) {
        return msgid == null || msgid.isEmpty() || shownIds.put(msgid, Boolean.TRUE) == null;
    }

    static String nickOf(String source) {
        if (source == null) {
            return null;
        }
        int bang = source.indexOf('!');
        return bang < 0 ? source : source.substring(0, bang);
    }

    /** The time of a live line when the server held it back for long, else null. */
    static Instant late(IrcMessage message, Instant now) {
        Instant at = parseTime(message.tags().get("time"));
        return at != null && at.isBefore(now.minus(LATE)) ? at : null;
    }

    static Instant parseTime(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text.startsWith("timestamp=") ? text.substring(10) : text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
