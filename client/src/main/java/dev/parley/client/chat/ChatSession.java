package dev.parley.client.chat;

import dev.parley.client.render.Renderer;
import dev.parley.client.render.Renderer.Context;
import dev.parley.client.ui.Console;
import dev.parley.protocol.CaseMapping;
import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.Numerics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The chat after login, on one thread: turns the server's messages into the lines the user reads
 * and the user's lines into messages for the server. Survives reconnections: the rooms the user
 * was in are joined again, and history resumes after the last line seen.
 */
public final class ChatSession {
    static final int HISTORY_LINES = 20;
    /** A live line older than this was held back by the server: it is shown with its time. */
    private static final Duration LATE = Duration.ofMinutes(5);
    private static final String SILENT_WHO = "1";
    private static final String SHOWN_WHO = "2";
    private static final List<String> HELP = List.of(
            "Commands:",
            "  /join #room        join a room (or go back to one you are in)",
            "  /part [#room]      leave the current room (or the one named)",
            "  /switch #room      talk in another room you are in",
            "  /msg WHO text      a private message; WHO is a nick or a member id",
            "  /me text           an action: * You text",
            "  /who [#room]       who is in the room",
            "  /rooms             the rooms on the server",
            "  /topic [text]      show or set the room's topic",
            "  /away [text]       mark yourself away; without text, back again",
            "  /help              this list",
            "  QUIT or /quit      leave (Ctrl-D too)",
            "Other lines go to the current room; start a line with // to send one beginning with /.");

    private final Console console;
    private final Renderer renderer;
    private final Clock clock;
    private final People people = new People();
    /** Rooms the user is in, or was in before the connection broke; by folded name. */
    private final Map<String, Room> rooms = new LinkedHashMap<>();
    private final Set<String> joinsAsked = new HashSet<>();
    private final Map<String, String> batches = new HashMap<>();
    private final List<String> held = new ArrayList<>();
    private final List<String> motd = new ArrayList<>();

    private Consumer<IrcMessage> server;
    private String memberId;
    private String ownNick;
    private String ownAccount;
    private Set<String> caps = Set.of();
    private boolean whox;
    private String roomPrefixes = "#&";
    private int historyLimit = HISTORY_LINES;
    private String current;
    private boolean greeted;
    private boolean awaitingGreeting;
    private String shownWhoMask;
    private List<String> shownWho;
    private List<String> listing;
    private String lastError;

    private static final class Room {
        String name;
        boolean joined;
        Instant lastSeen;
        String lastSeenText;

        Room(String name) {
            this.name = name;
        }
    }

    public ChatSession(Console console, Renderer renderer, Clock clock) {
        this.console = console;
        this.renderer = renderer;
        this.clock = clock;
    }

    // -- connection life ---------------------------------------------------------

    /**
     * A login succeeded on a new connection.
     *
     * @param memberId the member id the user logged in with, for the greeting
     * @param nick     the nick the server welcomed us with
     * @param account  the account the server logged us in as
     * @param send     writes to this connection
     */
    public void connected(String memberId, String nick, String account, Set<String> enabledCaps,
                          Consumer<IrcMessage> send) {
        this.memberId = memberId;
        this.ownNick = nick;
        this.ownAccount = account;
        this.caps = Set.copyOf(enabledCaps);
        this.server = send;
        this.lastError = null;
        batches.clear();
        shownWhoMask = null;
        listing = null;
        people.learn(nick, null, account);
        if (!greeted) {
            awaitingGreeting = true;
            return;
        }
        // Back after a lost connection: into the same rooms again (the server may also put us
        // into its default room, which is fine).
        for (Room room : rooms.values()) {
            send(IrcMessage.of("JOIN", room.name));
        }
    }

    /** The connection broke; the rooms are remembered for the next one. */
    public void disconnected() {
        server = null;
        rooms.values().forEach(room -> room.joined = false);
        batches.clear();
    }

    /** The last ERROR the server sent, which says why it closed the connection; or null. */
    public String lastError() {
        return lastError;
    }

    public boolean greeted() {
        return greeted;
    }

    /** The room lines are sent to, or null. */
    public String currentRoom() {
        return current;
    }

    // -- from the server ---------------------------------------------------------

    public void onServerMessage(IrcMessage message) {
        String nick = nickOf(message.source());
        switch (message.command()) {
            case Numerics.RPL_ISUPPORT -> isupport(message);
            case Numerics.RPL_MOTD -> {
                if (!greeted && message.last() != null) {
                    String line = message.last();
                    motd.add(line.startsWith("- ") ? line.substring(2) : line);
                }
            }
            case Numerics.RPL_ENDOFMOTD, Numerics.ERR_NOMOTD -> {
                if (awaitingGreeting) {
                    who(ownNick, SILENT_WHO);
                }
            }
            case Numerics.RPL_WHOREPLY -> whoReply(message.param(5), realNameOfWhoReply(message.last()), null, null);
            case Numerics.RPL_WHOSPCRPL -> {
                if (message.params().size() >= 5) {
                    whoReply(message.param(2), message.param(4), message.param(3), message.param(1));
                }
            }
            case Numerics.RPL_ENDOFWHO -> endOfWho(message.param(1));
            case Numerics.RPL_LISTSTART -> listing = new ArrayList<>();
            case Numerics.RPL_LIST -> listEntry(message);
            case Numerics.RPL_LISTEND -> endOfList();
            case Numerics.RPL_TOPIC -> emit(renderer.info(Context.LIVE,
                    "Topic of " + message.param(1) + ": " + message.last()));
            case Numerics.RPL_NOTOPIC -> emit(renderer.info(Context.LIVE, "No topic is set for " + message.param(1) + "."));
            case Numerics.RPL_AWAY -> emit(renderer.info(Context.LIVE,
                    people.display(message.param(1)) + " is away: " + message.last()));
            case Numerics.RPL_UNAWAY, Numerics.RPL_NOWAWAY -> emit(renderer.info(Context.LIVE, message.last()));
            case "JOIN" -> join(nick, message);
            case "PART" -> part(nick, message);
            case "QUIT" -> {
                if (!isMe(nick)) {
                    emit(renderer.departure(context(null, message), people.display(nick), message.param(0)));
                }
            }
            case "KICK" -> kick(nick, message);
            case "NICK" -> {
                people.renamed(nick, message.param(0));
                if (isMe(nick)) {
                    ownNick = message.param(0);
                }
            }
            case "SETNAME" -> setName(nick, message.param(0));
            case "AWAY" -> {
                if (!isMe(nick)) {
                    String text = message.param(0);
                    emit(renderer.info(Context.LIVE, people.display(nick)
                            + (text == null || text.isEmpty() ? " is back." : " is away: " + text)));
                }
            }
            case "TOPIC" -> emit(renderer.info(context(message.param(0), message),
                    (isMe(nick) ? "You" : people.display(nick))
                            + (message.param(1) == null || message.param(1).isEmpty()
                            ? " cleared the topic." : " set the topic to: " + message.param(1))));
            case "INVITE" -> emit(renderer.info(Context.LIVE, people.display(nick) + " invites you to "
                    + message.param(1) + "; type /join " + message.param(1) + " to go there."));
            case "PRIVMSG", "NOTICE" -> text(nick, message);
            case "BATCH" -> batch(message);
            case "ERROR" -> lastError = message.last();
            case "FAIL" -> emit(renderer.info(Context.LIVE, "Error: " + message.last()));
            case "WARN" -> emit(renderer.info(Context.LIVE, "Warning: " + message.last()));
            case "NOTE" -> emit(renderer.info(Context.LIVE, "Note: " + message.last()));
            default -> {
                if (isErrorNumeric(message.command())) {
                    serverError(message);
                }
            }
        }
    }

    private void isupport(IrcMessage message) {
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
                        int max = Integer.parseInt(value);
                        historyLimit = max > 0 ? Math.min(max, HISTORY_LINES) : HISTORY_LINES;
                    } catch (NumberFormatException e) {
                        historyLimit = HISTORY_LINES;
                    }
                }
                default -> {
                    // the client has no use for the rest
                }
            }
        }
    }

    private void whoReply(String nick, String realName, String account, String token) {
        if (nick == null) {
            return;
        }
        people.learn(nick, realName, account);
        if (awaitingGreeting && isMe(nick) && people.knows(nick)) {
            greet();
        }
        boolean shown = whox ? SHOWN_WHO.equals(token) : shownWhoMask != null;
        if (shown && shownWho != null) {
            String id = account != null && !"0".equals(account) && !"*".equals(account) ? account : nick;
            shownWho.add(isMe(nick) ? "You" : people.display(nick) + " (" + id + ")");
        }
    }

    private static String realNameOfWhoReply(String trailing) {
        // "<hopcount> <real name>"
        if (trailing == null) {
            return null;
        }
        int space = trailing.indexOf(' ');
        return space < 0 ? null : trailing.substring(space + 1);
    }

    private void endOfWho(String mask) {
        if (awaitingGreeting && people.same(mask, ownNick)) {
            greet();
        }
        if (shownWhoMask != null && people.same(mask, shownWhoMask)) {
            emit(renderer.info(Context.LIVE, shownWho.isEmpty() ? "Nobody is in " + mask + "."
                    : (isRoom(mask) ? "In " : "") + mask + ": " + String.join(", ", shownWho)));
            shownWhoMask = null;
            shownWho = null;
        }
    }

    private void listEntry(IrcMessage message) {
        if (listing == null) {
            listing = new ArrayList<>();
        }
        String people = message.param(2);
        String topic = message.params().size() > 3 ? message.last() : "";
        listing.add("  " + message.param(1) + "  (" + people + ("1".equals(people) ? " person)" : " people)")
                + (topic.isEmpty() ? "" : "  " + topic));
    }

    private void endOfList() {
        if (listing == null || listing.isEmpty()) {
            emit(renderer.info(Context.LIVE, "No rooms are open."));
        } else {
            emit(renderer.info(Context.LIVE, "Rooms:"));
            listing.forEach(line -> emit(renderer.info(Context.LIVE, line)));
        }
        listing = null;
    }

    private void join(String nick, IrcMessage message) {
        String roomName = message.param(0);
        if (message.params().size() >= 3) {
            people.learn(nick, message.param(2), message.param(1)); // extended-join
        } else {
            people.learn(nick, null, message.tags().get("account"));
        }
        if (!isMe(nick)) {
            emit(renderer.arrival(context(roomName, message), people.display(nick)));
            return;
        }
        Room room = rooms.computeIfAbsent(fold(roomName), k -> new Room(roomName));
        room.name = roomName;
        room.joined = true;
        boolean asked = joinsAsked.remove(fold(roomName));
        if (current == null || asked || !rooms.containsKey(fold(current))) {
            current = roomName;
        }
        if (awaitingGreeting && people.knows(nick)) {
            greet();
        }
        if (asked) {
            emit(renderer.info(Context.LIVE, "Now talking in " + roomName + "."));
        }
        who(roomName, SILENT_WHO);
        requestHistory(room);
    }

    private void requestHistory(Room room) {
        if (!caps.contains("draft/chathistory") || !caps.contains("batch")) {
            return;
        }
        if (room.lastSeenText != null) {
            send(IrcMessage.of("CHATHISTORY", "AFTER", room.name, "timestamp=" + room.lastSeenText,
                    String.valueOf(historyLimit)));
        } else {
            send(IrcMessage.of("CHATHISTORY", "LATEST", room.name, "*", String.valueOf(historyLimit)));
        }
    }

    private void part(String nick, IrcMessage message) {
        String roomName = message.param(0);
        if (!isMe(nick)) {
            emit(renderer.departure(context(roomName, message), people.display(nick), message.param(1)));
            return;
        }
        rooms.remove(fold(roomName));
        emit(renderer.info(Context.LIVE, "You left " + roomName + "."));
        leftCurrent(roomName);
    }

    private void kick(String kicker, IrcMessage message) {
        String roomName = message.param(0);
        String target = message.param(1);
        String reason = message.param(2);
        String why = reason == null || reason.isEmpty() || people.same(reason, kicker) ? "" : " (" + reason + ")";
        if (isMe(target)) {
            rooms.remove(fold(roomName));
            emit(renderer.info(Context.LIVE, "You were removed from " + roomName + " by "
                    + people.display(kicker) + why + "."));
            leftCurrent(roomName);
        } else {
            emit(renderer.info(context(roomName, message), people.display(target) + " was removed from the chat by "
                    + (isMe(kicker) ? "you" : people.display(kicker)) + why + "."));
        }
    }

    private void leftCurrent(String roomName) {
        if (current != null && people.same(current, roomName)) {
            current = rooms.values().stream().filter(r -> r.joined).map(r -> r.name).findFirst().orElse(null);
            emit(renderer.info(Context.LIVE, current == null ? "You are in no room now; /join #room to enter one."
                    : "Now talking in " + current + "."));
        }
    }

    private void setName(String nick, String realName) {
        String before = people.display(nick);
        people.learn(nick, realName, null);
        if (!isMe(nick) && realName != null && !before.equals(realName.trim())) {
            emit(renderer.info(Context.LIVE, before + " is now called " + realName.trim() + "."));
        }
    }

    private void text(String nick, IrcMessage message) {
        String target = message.param(0);
        String text = message.param(1);
        if (target == null || text == null) {
            return;
        }
        boolean notice = "NOTICE".equals(message.command());
        boolean fromServer = message.source() == null || (message.source().indexOf('!') < 0
                && message.source().indexOf('.') >= 0);
        if (fromServer) {
            emit(renderer.notice(Context.LIVE, message.source() == null ? "server" : message.source(), text));
            return;
        }
        String account = message.tags().get("account");
        if (account != null) {
            people.learn(nick, null, account);
        }
        boolean own = isMe(nick) || (account != null && ownAccount != null && people.same(account, ownAccount));
        boolean action = text.startsWith("\u0001ACTION") && !notice;
        if (text.startsWith("\u0001") && !action) {
            return; // other CTCP requests would tell strangers what the user runs; not answered
        }
        if (action) {
            text = text.substring(7).replace("\u0001", "").strip();
        }
        String roomName = stripStatus(target);
        if (isRoom(roomName)) {
            Room room = rooms.get(fold(roomName));
            if (room != null) {
                noteSeen(room, message);
            }
            Context where = context(roomName, message);
            String sender = people.display(nick);
            emit(notice ? renderer.notice(where, sender, text)
                    : action ? renderer.action(where, sender, own, text)
                    : renderer.message(where, sender, own, text));
            if (!people.knows(nick) && !own) {
                who(nick, SILENT_WHO); // a stranger, maybe from history: learn their name for next time
            }
            return;
        }
        Context where = context(null, message);
        if (own) {
            String recipient = people.display(target);
            emit(action ? renderer.privateAction(where, null, true, recipient, text)
                    : notice ? renderer.notice(where, "You to " + recipient, text)
                    : renderer.ownPrivateMessage(where, recipient, text));
        } else {
            String sender = people.display(nick);
            emit(action ? renderer.privateAction(where, sender, false, null, text)
                    : notice ? renderer.notice(where, sender, text)
                    : renderer.privateMessage(where, sender, text));
            if (!people.knows(nick)) {
                who(nick, SILENT_WHO);
            }
        }
    }

    private void noteSeen(Room room, IrcMessage message) {
        String time = message.tags().get("time");
        Instant at = parseTime(time);
        if (at != null && (room.lastSeen == null || at.isAfter(room.lastSeen))) {
            room.lastSeen = at;
            room.lastSeenText = time;
        }
    }

    private void batch(IrcMessage message) {
        String ref = message.param(0);
        if (ref == null || ref.length() < 2) {
            return;
        }
        if (ref.charAt(0) == '+') {
            batches.put(ref.substring(1), message.param(1) == null ? "" : message.param(1));
        } else if (ref.charAt(0) == '-') {
            batches.remove(ref.substring(1));
        }
    }

    private void serverError(IrcMessage message) {
        List<String> params = message.params();
        if (params.size() < 2) {
            emit(renderer.info(Context.LIVE, "Server: " + (params.isEmpty() ? message.command() : message.last())));
            return;
        }
        List<String> about = params.subList(1, params.size() - 1);
        emit(renderer.info(Context.LIVE, (about.isEmpty() ? "" : String.join(" ", about) + ": ") + message.last()));
    }

    private static boolean isErrorNumeric(String command) {
        if (command.length() != 3 || !Character.isDigit(command.charAt(0))) {
            return false;
        }
        char first = command.charAt(0);
        // 9xx are SASL replies, dealt with during login
        return first == '4' || first == '5';
    }

    private void greet() {
        awaitingGreeting = false;
        greeted = true;
        String name = people.realName(ownNick).orElse(memberId);
        console.println(memberId + " : " + name);
        motd.forEach(console::println);
        motd.clear();
        console.println("All set, type 'QUIT' to leave...");
        held.forEach(console::println);
        held.clear();
    }

    // -- from the user -----------------------------------------------------------

    /** Whether a typed line asks to leave: QUIT in any case, or /quit. */
    public static boolean isQuit(String line) {
        String trimmed = line.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        return lower.equals("quit") || lower.equals("/quit") || lower.startsWith("/quit ");
    }

    /** The reason given with /quit, or null. */
    public static String quitReason(String line) {
        String trimmed = line.trim();
        return trimmed.toLowerCase(Locale.ROOT).startsWith("/quit ") ? trimmed.substring(6).trim() : null;
    }

    /** Acts on one line the user typed (not QUIT: the caller leaves for that). */
    public void onTyped(String typed) {
        String line = typed.replace("\r", "").replace("\n", " ").replace("\0", "");
        if (line.isBlank()) {
            return;
        }
        if (line.startsWith("//")) {
            say(line.substring(1));
        } else if (line.startsWith("/")) {
            command(line.substring(1));
        } else {
            say(line);
        }
    }

    private void say(String text) {
        if (current == null || !isJoined(current)) {
            emit(renderer.info(Context.LIVE, "You are in no room; /join #room first."));
            return;
        }
        sendText(current, text, false);
    }

    private void command(String line) {
        String[] words = line.split(" +", 2);
        String name = words[0].toLowerCase(Locale.ROOT);
        String rest = words.length > 1 ? words[1].trim() : "";
        switch (name) {
            case "join", "j" -> joinCommand(rest);
            case "part", "leave" -> partCommand(rest);
            case "msg", "query" -> msgCommand(rest);
            case "me" -> {
                if (current == null || !isJoined(current)) {
                    emit(renderer.info(Context.LIVE, "You are in no room; /join #room first."));
                } else if (!rest.isEmpty()) {
                    sendText(current, rest, true);
                }
            }
            case "who", "names" -> whoCommand(rest);
            case "rooms", "list" -> send(IrcMessage.of("LIST"));
            case "switch", "go" -> switchCommand(rest);
            case "topic" -> topicCommand(rest);
            case "away" -> send(rest.isEmpty() ? IrcMessage.of("AWAY") : IrcMessage.of("AWAY", rest));
            case "help", "?" -> HELP.forEach(help -> emit(help));
            default -> emit(renderer.info(Context.LIVE, "Unknown command /" + words[0] + "; /help lists the commands."));
        }
    }

    private void joinCommand(String rest) {
        if (rest.isEmpty()) {
            emit("Usage: /join #room");
            return;
        }
        String roomName = asRoom(rest.split(" ")[0]);
        Room room = rooms.get(fold(roomName));
        if (room != null && room.joined) {
            current = room.name;
            emit(renderer.info(Context.LIVE, "Now talking in " + room.name + "."));
            return;
        }
        joinsAsked.add(fold(roomName));
        send(IrcMessage.of("JOIN", roomName));
    }

    private void partCommand(String rest) {
        String roomName = current;
        String reason = rest;
        if (!rest.isEmpty() && isRoom(rest.split(" ")[0])) {
            String[] words = rest.split(" +", 2);
            roomName = words[0];
            reason = words.length > 1 ? words[1] : "";
        }
        if (roomName == null) {
            emit(renderer.info(Context.LIVE, "You are in no room."));
            return;
        }
        send(reason.isEmpty() ? IrcMessage.of("PART", roomName) : IrcMessage.of("PART", roomName, reason));
    }

    private void msgCommand(String rest) {
        String[] words = rest.split(" +", 2);
        if (words.length < 2 || words[0].isEmpty() || words[1].isBlank()) {
            emit("Usage: /msg nick text");
            return;
        }
        sendText(resolveTarget(words[0]), words[1], false);
    }

    /** A nick as typed, or the nick of a member id seen logged in. */
    private String resolveTarget(String who) {
        if (isRoom(who) || people.isKnownNick(who)) {
            return who;
        }
        return people.nickOfAccount(who).orElse(who);
    }

    private void whoCommand(String rest) {
        String mask = rest.isEmpty() ? current : rest.split(" ")[0];
        if (mask == null) {
            emit("Usage: /who #room");
            return;
        }
        shownWhoMask = mask;
        shownWho = new ArrayList<>();
        who(mask, SHOWN_WHO);
    }

    private void switchCommand(String rest) {
        if (rest.isEmpty()) {
            emit("Usage: /switch #room");
            return;
        }
        String roomName = asRoom(rest.split(" ")[0]);
        Room room = rooms.get(fold(roomName));
        if (room == null || !room.joined) {
            emit(renderer.info(Context.LIVE, "You are not in " + roomName + "; /join " + roomName + " first."));
            return;
        }
        current = room.name;
        emit(renderer.info(Context.LIVE, "Now talking in " + room.name + "."));
    }

    private void topicCommand(String rest) {
        String roomName = current;
        String text = rest;
        if (!rest.isEmpty() && isRoom(rest.split(" ")[0])) {
            String[] words = rest.split(" +", 2);
            roomName = words[0];
            text = words.length > 1 ? words[1] : "";
        }
        if (roomName == null) {
            emit(renderer.info(Context.LIVE, "You are in no room; /join #room first."));
            return;
        }
        send(text.isEmpty() ? IrcMessage.of("TOPIC", roomName) : IrcMessage.of("TOPIC", roomName, text));
    }

    private void sendText(String target, String text, boolean action) {
        int overhead = 1 + ownNick.length() + 1 + 10 + 1 + 63 + 1 // ":nick!user@host " as others receive it
                + "PRIVMSG ".length() + target.length() + 2 + (action ? 9 : 0) + 2;
        int budget = Math.max(64, 512 - overhead);
        for (String piece : MessageSplitter.split(text, budget)) {
            send(IrcMessage.of("PRIVMSG", target, action ? "\u0001ACTION " + piece + "\u0001" : piece));
            if (!caps.contains("echo-message")) {
                // Without echo-message the server never shows us our own line: show it now.
                if (isRoom(target)) {
                    Context where = context(target, null);
                    emit(action ? renderer.action(where, null, true, piece) : renderer.message(where, null, true, piece));
                } else {
                    String recipient = people.display(target);
                    emit(action ? renderer.privateAction(Context.LIVE, null, true, recipient, piece)
                            : renderer.ownPrivateMessage(Context.LIVE, recipient, piece));
                }
            }
        }
    }

    // -- helpers -----------------------------------------------------------------

    private void who(String mask, String token) {
        send(whox ? IrcMessage.of("WHO", mask, "%tnar," + token) : IrcMessage.of("WHO", mask));
    }

    private void send(IrcMessage message) {
        if (server != null) {
            server.accept(message);
        }
    }

    private void emit(String line) {
        if (awaitingGreeting) {
            held.add(line);
        } else {
            console.println(line);
        }
    }

    /** Where a line belongs: the room's name unless it is the current room, the time if it is history. */
    private Context context(String roomName, IrcMessage message) {
        String label = roomName == null || (current != null && people.same(roomName, current)) ? null : roomName;
        return new Context(label, message == null ? null : historyTime(message));
    }

    private Instant historyTime(IrcMessage message) {
        Instant at = parseTime(message.tags().get("time"));
        if (at == null) {
            return null;
        }
        String batch = message.tags().get("batch");
        String type = batch == null ? null : batches.get(batch);
        if (type != null && type.toLowerCase(Locale.ROOT).endsWith("chathistory")) {
            return at;
        }
        return at.isBefore(clock.instant().minus(LATE)) ? at : null;
    }

    private static Instant parseTime(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private boolean isMe(String nick) {
        return people.same(nick, ownNick);
    }

    private boolean isRoom(String name) {
        return name != null && !name.isEmpty() && roomPrefixes.indexOf(name.charAt(0)) >= 0;
    }

    private boolean isJoined(String roomName) {
        Room room = rooms.get(fold(roomName));
        return room != null && room.joined;
    }

    private String asRoom(String name) {
        return isRoom(name) ? name : "#" + name;
    }

    /** "@#room" (a message to the room's operators) is still the room. */
    private String stripStatus(String target) {
        int i = 0;
        while (i < target.length() - 1 && "@+%~&".indexOf(target.charAt(i)) >= 0 && roomPrefixes.indexOf(target.charAt(i)) < 0) {
            i++;
        }
        return target.substring(i);
    }

    private String fold(String name) {
        return people.caseMapping().fold(name);
    }

    private static String nickOf(String source) {
        if (source == null) {
            return null;
        }
        int bang = source.indexOf('!');
        return bang < 0 ? source : source.substring(0, bang);
    }
}
