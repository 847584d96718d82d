package dev.parley.client.chat;

import dev.parley.client.render.Renderer;
import dev.parley.client.render.Renderer.Context;
import dev.parley.protocol.IrcMessage;
import java.util.List;
import java.util.Locale;

/** What the user's lines mean: text for the current room, or a slash command. */
final class Commands {
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
            "  /search [#room] words  search the messages the server keeps (or in:NICK words)",
            "  /delete            take back your last message in the current room",
            "  /help              this list",
            "  QUIT or /quit      leave (Ctrl-D too)",
            "Other lines go to the current room; start a line with // to send one beginning with /.");

    private final ChatState state;
    private final Rooms rooms;
    private final Who who;
    private final Search search;
    private final Redactions redactions;
    private final Screen screen;
    private final Renderer renderer;

    Commands(ChatState state, Rooms rooms, Who who, Search search, Redactions redactions, Screen screen,
             Renderer renderer) {
        this.state = state;
        this.rooms = rooms;
        this.who = who;
        this.search = search;
        this.redactions = redactions;
        this.screen = screen;
        this.renderer = renderer;
    }

    /** Whether a typed line asks to leave: QUIT in any case, or /quit. */
    static boolean isQuit(String line) {
        String lower = line.trim().toLowerCase(Locale.ROOT);
        return lower.equals("quit") || lower.equals("/quit") || lower.startsWith("/quit ");
    }

    /** The reason given with /quit, or null. */
    static String quitReason(String line) {
        String trimmed = line.trim();
        return trimmed.toLowerCase(Locale.ROOT).startsWith("/quit ") ? trimmed.substring(6).trim() : null;
    }

    /** Acts on one line the user typed (not QUIT: the caller leaves for that). */
    void typed(String typed) {
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
        if (inNoRoom()) {
            return;
        }
        sendText(rooms.current(), text, false);
    }

    private boolean inNoRoom() {
        if (rooms.current() != null && rooms.isJoined(rooms.current())) {
            return false;
        }
        info("You are in no room; /join #room first.");
        return true;
    }

    private void command(String line) {
        String[] words = line.split(" +", 2);
        String name = words[0].toLowerCase(Locale.ROOT);
        String rest = words.length > 1 ? words[1].trim() : "";
        switch (name) {
            case "join", "j" -> join(rest);
            case "part", "leave" -> part(rest);
            case "msg", "query" -> msg(rest);
            case "me" -> {
                if (!inNoRoom() && !rest.isEmpty()) {
                    sendText(rooms.current(), rest, true);
                }
            }
            case "who", "names" -> whoCommand(rest);
            case "rooms", "list" -> state.send(IrcMessage.of("LIST"));
            case "switch", "go" -> switchTo(rest);
            case "topic" -> topic(rest);
            case "away" -> state.send(rest.isEmpty() ? IrcMessage.of("AWAY") : IrcMessage.of("AWAY", rest));
            case "search" -> search.typed(rest);
            case "delete", "redact" -> {
                if (!inNoRoom()) {
                    redactions.deleteLast(rooms.current());
                }
            }
            case "help", "?" -> HELP.forEach(screen::show);
            default -> info("Unknown command /" + words[0] + "; /help lists the commands.");
        }
    }

    private void join(String rest) {
        if (rest.isEmpty()) {
            screen.show("Usage: /join #room");
            return;
        }
        String roomName = asRoom(rest.split(" ")[0]);
        Rooms.Room room = rooms.get(roomName);
        if (room != null && room.joined) {
            rooms.talkIn(room.name);
            info("Now talking in " + room.name + ".");
            return;
        }
        rooms.joinAsked(roomName);
        state.send(IrcMessage.of("JOIN", roomName));
    }

    private void part(String rest) {
        String roomName = rooms.current();
        String reason = rest;
        if (!rest.isEmpty() && state.isRoom(rest.split(" ")[0])) {
            String[] words = rest.split(" +", 2);
            roomName = words[0];
            reason = words.length > 1 ? words[1] : "";
        }
        if (roomName == null) {
            info("You are in no room.");
            return;
        }
        state.send(reason.isEmpty() ? IrcMessage.of("PART", roomName) : IrcMessage.of("PART", roomName, reason));
    }

    private void msg(String rest) {
        String[] words = rest.split(" +", 2);
        if (words.length < 2 || words[0].isEmpty() || words[1].isBlank()) {
            screen.show("Usage: /msg nick text");
            return;
        }
        sendText(resolveTarget(words[0]), words[1], false);
    }

    /** A nick as typed, or the nick of a member id seen logged in. */
    private String resolveTarget(String who) {
        if (state.isRoom(who) || state.people.isKnownNick(who)) {
            return who;
        }
        return state.people.nickOfAccount(who).orElse(who);
    }

    private void whoCommand(String rest) {
        String mask = rest.isEmpty() ? rooms.current() : rest.split(" ")[0];
        if (mask == null) {
            screen.show("Usage: /who #room");
            return;
        }
        who.show(mask);
    }

    private void switchTo(String rest) {
        if (rest.isEmpty()) {
            screen.show("Usage: /switch #room");
            return;
        }
        String roomName = asRoom(rest.split(" ")[0]);
        Rooms.Room room = rooms.get(roomName);
        if (room == null || !room.joined) {
            info("You are not in " + roomName + "; /join " + roomName + " first.");
            return;
        }
        rooms.talkIn(room.name);
        info("Now talking in " + room.name + ".");
    }

    private void topic(String rest) {
        String roomName = rooms.current();
        String text = rest;
        if (!rest.isEmpty() && state.isRoom(rest.split(" ")[0])) {
            String[] words = rest.split(" +", 2);
            roomName = words[0];
            text = words.length > 1 ? words[1] : "";
        }
        if (roomName == null) {
            info("You are in no room; /join #room first.");
            return;
        }
        state.send(text.isEmpty() ? IrcMessage.of("TOPIC", roomName) : IrcMessage.of("TOPIC", roomName, text));
    }

    private void sendText(String target, String text, boolean action) {
        int overhead = 1 + state.ownNick.length() + 1 + 10 + 1 + 63 + 1 // ":nick!user@host " as others receive it
                + "PRIVMSG ".length() + target.length() + 2 + (action ? 9 : 0) + 2;
        int budget = Math.max(64, 512 - overhead);
        for (String piece : MessageSplitter.split(text, budget)) {
            state.send(IrcMessage.of("PRIVMSG", target, action ? "\u0001ACTION " + piece + "\u0001" : piece));
            if (!state.has("echo-message")) {
                // Without echo-message the server never shows us our own line: show it now. Not held
                // with the room's lines: the user sees what they typed when they typed it.
                if (state.isRoom(target)) {
                    Context where = rooms.context(target, null);
                    screen.show(action ? renderer.action(where, null, true, piece)
                            : renderer.message(where, null, true, piece));
                } else {
                    String recipient = state.people.display(target);
                    screen.show(action ? renderer.privateAction(Context.LIVE, null, true, recipient, piece)
                            : renderer.ownPrivateMessage(Context.LIVE, recipient, piece));
                }
            }
        }
    }

    private String asRoom(String name) {
        return state.isRoom(name) ? name : "#" + name;
    }

    private void info(String text) {
        screen.show(renderer.info(Context.LIVE, text));
    }
}
