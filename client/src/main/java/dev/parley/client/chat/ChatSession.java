package dev.parley.client.chat;

import dev.parley.client.render.Renderer;
import dev.parley.client.render.Renderer.Context;
import dev.parley.client.ui.Console;
import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.Numerics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The chat after login, on one thread: turns the server's messages into the lines the user reads
 * and the user's lines into messages for the server. Survives reconnections: the rooms the user
 * was in are joined again, and history resumes after the last line seen.
 *
 * <p>This class follows the connection's life and says what each server message means; the work
 * is done by its helpers: {@link Rooms} (which rooms, and holding a room's first lines until its
 * names are known), {@link RoomEvents} (joins, parts, kicks, topics), {@link Who} (real names),
 * {@link History} and {@link EarlierLines} (CHATHISTORY and how history reads),
 * {@link AwayMessages} (private messages from while the user was away, read markers),
 * {@link Search} (/search), {@link Redactions} (messages taken back) and {@link Commands} (what
 * the user types).
 */
public final class ChatSession {
    private final Renderer renderer;
    private final Clock clock;
    private final ChatState state = new ChatState();
    private final Screen screen;
    private final Rooms rooms;
    private final Who who;
    private final History history;
    private final RoomEvents roomEvents;
    private final LastSeen lastSeen;
    private final AwayMessages away;
    private final Search search;
    private final Redactions redactions;
    private final Commands commands;
    private final List<String> motd = new ArrayList<>();
    private List<String> listing;
    private boolean awaitingGreeting;
    private boolean registered;
    private String lastError;

    /** A session that remembers the last message seen only while it runs. */
    public ChatSession(Console console, Renderer renderer, Clock clock) {
        this(console, renderer, clock, null, "");
    }

    /**
     * @param lastSeenFile where the time of the last message seen is kept between runs, or null
     * @param server       the server as "host:port", its key in that file
     */
    public ChatSession(Console console, Renderer renderer, Clock clock, LastSeenFile lastSeenFile, String server) {
        this.renderer = renderer;
        this.clock = clock;
        this.screen = new Screen(console);
        this.rooms = new Rooms(state, screen);
        this.who = new Who(state, screen, renderer);
        this.redactions = new Redactions(state, screen, renderer, clock);
        EarlierLines earlier = new EarlierLines(state, who, renderer, redactions);
        this.history = new History(state, this::unaskedHistory);
        this.roomEvents = new RoomEvents(state, rooms, who, history, earlier, screen, renderer, clock);
        this.lastSeen = new LastSeen(lastSeenFile, server, clock);
        this.away = new AwayMessages(state, history, earlier, rooms, screen, renderer, clock, lastSeen);
        this.search = new Search(state, earlier, screen, renderer);
        this.commands = new Commands(state, rooms, who, search, redactions, screen, renderer);
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
        state.connected(memberId, nick, account, enabledCaps, send);
        lastError = null;
        registered = false;
        listing = null;
        lastSeen.loggedIn(account);
        if (!screen.greeted()) {
            awaitingGreeting = true;
            return;
        }
        // Back after a lost connection: into the same rooms again (the server may also put us
        // into its default room, which is fine).
        for (Rooms.Room room : rooms.all()) {
            state.send(IrcMessage.of("JOIN", room.name));
        }
    }

    /** The connection broke; the rooms are remembered for the next one. */
    public void disconnected() {
        state.disconnected();
        rooms.disconnected();
        history.disconnected();
        who.disconnected();
        away.disconnected();
        search.disconnected();
        lastSeen.save();
    }

    /** The user is leaving: what must outlive this run is written down. */
    public void close() {
        lastSeen.save();
    }

    /** The last ERROR the server sent, which says why it closed the connection; or null. */
    public String lastError() {
        return lastError;
    }

    public boolean greeted() {
        return screen.greeted();
    }

    /** The room lines are sent to, or null. */
    public String currentRoom() {
        return rooms.current();
    }

    // -- from the server ---------------------------------------------------------

    public void onServerMessage(IrcMessage message) {
        rooms.releaseOverdue(clock.instant());
        if ("BATCH".equals(message.command())) {
            history.batch(message);
            search.batch(message);
            return;
        }
        if (history.takes(message) || search.takes(message)) {
            return; // history and search results are shown when their batch is complete
        }
        String nick = ChatState.nickOf(message.source());
        switch (message.command()) {
            case Numerics.RPL_ISUPPORT -> state.isupport(message);
            case Numerics.RPL_MOTD -> {
                if (!screen.greeted() && message.last() != null) {
                    String line = message.last();
                    motd.add(line.startsWith("- ") ? line.substring(2) : line);
                }
            }
            case Numerics.RPL_ENDOFMOTD, Numerics.ERR_NOMOTD -> registrationComplete();
            case Numerics.RPL_WHOREPLY, Numerics.RPL_WHOSPCRPL -> {
                String about = who.reply(message);
                if (awaitingGreeting && state.isMe(about) && state.people.knows(about)) {
                    greet();
                }
            }
            case Numerics.RPL_ENDOFWHO -> {
                String mask = message.param(1);
                if (awaitingGreeting && state.isMe(mask)) {
                    greet();
                }
                who.end(mask);
                rooms.namesComplete(mask);
            }
            case Numerics.RPL_WHOWASUSER -> who.wasUser(message);
            case Numerics.RPL_ENDOFWHOWAS -> who.endOfWhowas();
            case Numerics.RPL_LISTSTART -> listing = new ArrayList<>();
            case Numerics.RPL_LIST -> listEntry(message);
            case Numerics.RPL_LISTEND -> endOfList();
            case Numerics.RPL_TOPIC -> info("Topic of " + message.param(1) + ": " + message.last());
            case Numerics.RPL_NOTOPIC -> info("No topic is set for " + message.param(1) + ".");
            case Numerics.RPL_AWAY -> info(state.people.display(message.param(1)) + " is away: " + message.last());
            case Numerics.RPL_UNAWAY, Numerics.RPL_NOWAWAY -> info(message.last());
            case "JOIN" -> {
                roomEvents.join(nick, message);
                if (awaitingGreeting && state.isMe(nick) && state.people.knows(nick)) {
                    greet();
                }
            }
            case "PART" -> roomEvents.part(nick, message);
            case "QUIT" -> {
                if (!state.isMe(nick)) {
                    screen.show(renderer.departure(new Context(null, late(message)), state.people.display(nick),
                            message.param(0)));
                }
            }
            case "KICK" -> roomEvents.kick(nick, message);
            case "NICK" -> {
                state.people.renamed(nick, message.param(0));
                if (state.isMe(nick)) {
                    state.ownNick = message.param(0);
                }
            }
            case "SETNAME" -> setName(nick, message.param(0));
            case "AWAY" -> {
                if (!state.isMe(nick)) {
                    String text = message.param(0);
                    info(state.people.display(nick)
                            + (text == null || text.isEmpty() ? " is back." : " is away: " + text));
                }
            }
            case "TOPIC" -> roomEvents.topic(nick, message);
            case "INVITE" -> info(state.people.display(nick) + " invites you to " + message.param(1)
                    + "; type /join " + message.param(1) + " to go there.");
            case "PRIVMSG", "NOTICE" -> text(message);
            case "MARKREAD" -> away.markRead(message);
            case "REDACT" -> redactions.redacted(nick, message);
            case "ERROR" -> lastError = message.last();
            case "FAIL" -> fail(message);
            case "WARN" -> info("Warning: " + message.last());
            case "NOTE" -> info("Note: " + message.last());
            default -> {
                if (isErrorNumeric(message.command())) {
                    serverError(message);
                }
            }
        }
    }

    /** The end of the MOTD ends registration: from here on the client may ask the server things. */
    private void registrationComplete() {
        if (registered) {
            return;
        }
        registered = true;
        if (awaitingGreeting) {
            who.ask(state.ownNick);
        }
        away.loggedIn();
    }

    private void setName(String nick, String realName) {
        String before = state.people.display(nick);
        state.people.learn(nick, realName, null);
        if (!state.isMe(nick) && realName != null && !before.equals(realName.trim())) {
            info(before + " is now called " + realName.trim() + ".");
        }
    }

    private void text(IrcMessage message) {
        TextMessage text = TextMessage.of(message, state);
        if (text == null) {
            return;
        }
        if (text.fromServer()) {
            screen.show(text.render(renderer, state, Context.LIVE));
            return;
        }
        if (text.account() != null) {
            state.people.learn(text.nick(), null, text.account());
        }
        state.firstShowing(text.msgid());
        redactions.remember(text);
        lastSeen.advance(text.time());
        Instant late = late(message);
        String roomName = text.room(state);
        if (roomName != null) {
            rooms.noteSeen(roomName, text);
            // Rendered when shown: a line held while the room's names come in shows the real name.
            rooms.show(roomName, text.lacksName(state), clock.instant(), () -> {
                if (text.lacksName(state)) {
                    who.ask(text.nick()); // not in the room (any more): learn their name for next time
                }
                return text.render(renderer, state, rooms.context(roomName, late));
            });
            return;
        }
        screen.show(text.render(renderer, state, new Context(null, late)));
        if (text.lacksName(state)) {
            who.ask(text.nick());
        }
        away.readLive(text);
    }

    /** History the server sent without being asked: some servers play a room's on joining. */
    private void unaskedHistory(String target, List<IrcMessage> batch) {
        roomEvents.unaskedHistory(target, batch);
    }

    private Instant late(IrcMessage message) {
        return ChatState.late(message, clock.instant());
    }

    private void fail(IrcMessage message) {
        // Failed history and read markers cost the user nothing worth a line: the chat goes on.
        if ("CHATHISTORY".equals(message.param(0))) {
            history.failed(message);
        } else if ("MARKREAD".equals(message.param(0))) {
            away.markReadFailed();
        } else if ("SEARCH".equals(message.param(0))) {
            search.failed(message);
        } else {
            info("Error: " + message.last());
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
            info("No rooms are open.");
        } else {
            info("Rooms:");
            listing.forEach(this::info);
        }
        listing = null;
    }

    private void serverError(IrcMessage message) {
        if (who.answersOwnQuestion(message)) {
            return;
        }
        List<String> params = message.params();
        if (Numerics.ERR_UNKNOWNCOMMAND.equals(message.command()) && params.size() >= 2) {
            switch (params.get(1).toUpperCase(Locale.ROOT)) {
                case "CHATHISTORY" -> {
                    history.unknownCommand();
                    return;
                }
                case "MARKREAD" -> {
                    away.markReadFailed();
                    return;
                }
                default -> {
                    // a command the user caused: worth saying
                }
            }
        }
        if (params.size() < 2) {
            info("Server: " + (params.isEmpty() ? message.command() : message.last()));
            return;
        }
        List<String> about = params.subList(1, params.size() - 1);
        info((about.isEmpty() ? "" : String.join(" ", about) + ": ") + message.last());
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
        List<String> greeting = new ArrayList<>();
        greeting.add(state.memberId + " : " + state.people.realName(state.ownNick).orElse(state.memberId));
        greeting.addAll(motd);
        motd.clear();
        greeting.add("All set, type 'QUIT' to leave...");
        screen.greet(greeting);
    }

    private void info(String text) {
        screen.show(renderer.info(Context.LIVE, text));
    }

    // -- from the user -----------------------------------------------------------

    /** Whether a typed line asks to leave: QUIT in any case, or /quit. */
    public static boolean isQuit(String line) {
        return Commands.isQuit(line);
    }

    /** The reason given with /quit, or null. */
    public static String quitReason(String line) {
        return Commands.quitReason(line);
    }

    /** Acts on one line the user typed (not QUIT: the caller leaves for that). */
    public void onTyped(String typed) {
        rooms.releaseOverdue(clock.instant());
        commands.typed(typed);
    }
}
