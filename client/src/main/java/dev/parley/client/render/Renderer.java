package dev.parley.client.render;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The lines the user reads, in the seed's words: {@code <<Real Name>> : text}, {@code <<You>> :
 * text}, {@code Real Name has entered the chat!}. Lines from history carry their time; lines from
 * a room other than the current one carry the room's name. Everything that came from the network
 * is cleaned of control characters first, so that nobody can move the cursor, recolour or clear the
 * reader's terminal with a message.
 */
public final class Renderer {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ZoneId zone;
    private final Clock clock;

    public Renderer(ZoneId zone, Clock clock) {
        this.zone = zone;
        this.clock = clock;
    }

    /**
     * Where and when a line happened.
     *
     * @param room the room to name in front of the line (when it is not the current one), or null
     * @param time the time to show (for history), or null for a live line
     */
    public record Context(String room, Instant time) {
        public static final Context LIVE = new Context(null, null);
    }

    /** A message to a room: {@code <<Name>> : text}, or {@code <<You>> : text} when own. */
    public String message(Context where, String sender, boolean own, String text) {
        return prefix(where) + "<<" + (own ? "You" : clean(sender)) + ">> : " + clean(text);
    }

    /** A /me action: {@code * Name waves}. */
    public String action(Context where, String sender, boolean own, String text) {
        return prefix(where) + "* " + (own ? "You" : clean(sender)) + " " + clean(text);
    }

    /** A private message received: {@code <<Name>> (private) : text}. */
    public String privateMessage(Context where, String sender, String text) {
        return prefix(where) + "<<" + clean(sender) + ">> (private) : " + clean(text);
    }

    /** A private message sent: {@code <<You>> (to Name) : text}. */
    public String ownPrivateMessage(Context where, String recipient, String text) {
        return prefix(where) + "<<You>> (to " + clean(recipient) + ") : " + clean(text);
    }

    /** A private /me action, either way. */
    public String privateAction(Context where, String sender, boolean own, String recipient, String text) {
        return prefix(where) + "* " + (own ? "You" : clean(sender)) + " " + clean(text)
                + (own ? " (to " + clean(recipient) + ")" : " (private)");
    }

    /** A notice: {@code -Name- text}. */
    public String notice(Context where, String sender, String text) {
        return prefix(where) + "-" + clean(sender) + "- " + clean(text);
    }

    public String arrival(Context where, String name) {
        return prefix(where) + clean(name) + " has entered the chat!";
    }

    /** {@code Name has left the chat.}, with the reason when it says more than "Quit". */
    public String departure(Context where, String name, String reason) {
        String line = prefix(where) + clean(name) + " has left the chat.";
        String cleaned = reason == null ? "" : clean(reason).trim();
        if (cleaned.startsWith("Quit:")) {
            cleaned = cleaned.substring(5).trim();
        }
        return cleaned.isEmpty() || cleaned.equals("Quit") || cleaned.equals("Leaving") ? line
                : line + " (" + cleaned + ")";
    }

    // History comes between two marker lines, in plain ASCII so that it reads the same in any
    // console and through a pipe; its lines carry their times.

    /** Heads a room's history: {@code --- earlier in #lobby ---}. */
    public String earlierIn(String room) {
        return "--- earlier in " + clean(room) + " ---";
    }

    /** Heads a private conversation's history that was not asked for by this client. */
    public String earlierWith(String name) {
        return "--- earlier with " + clean(name) + " ---";
    }

    /** Heads the private messages that came while the user was not connected. */
    public String wroteWhileAway(String name) {
        return clean(name) + " wrote to you while you were away:";
    }

    /** Ends a stretch of history: what follows is live. */
    public String now() {
        return "--- now ---";
    }

    /** Heads the answer to /search: {@code --- search: words (3 found) ---}. */
    public String searchHeading(String words, int found) {
        return "--- search: " + clean(words) + " (" + found + " found) ---";
    }

    /** Ends the answer to /search. */
    public String endOfSearch() {
        return "--- end of search ---";
    }

    /**
     * A message taken back: {@code (#room) A message from <<Name>> was deleted by Other: reason}.
     *
     * @param where    the room, or "private"
     * @param redactor who took it back when not the sender, else null
     * @param reason   the reason given, or null
     */
    public String deleted(Context when, String where, String sender, String redactor, String reason) {
        String why = reason == null || reason.isBlank() ? "" : ": " + clean(reason);
        return prefix(when) + "(" + clean(where) + ") A message from <<" + clean(sender) + ">> was deleted"
                + (redactor == null ? "" : " by " + clean(redactor)) + why;
    }

    /** A line about the chat itself (topics, errors, status), cleaned like the rest. */
    public String info(Context where, String text) {
        return prefix(where) + clean(text);
    }

    private String prefix(Context where) {
        StringBuilder out = new StringBuilder();
        if (where.time() != null) {
            ZonedDateTime at = where.time().atZone(zone);
            boolean today = at.toLocalDate().equals(LocalDate.now(clock.withZone(zone)));
            out.append('[').append((today ? TIME : DATE_TIME).format(at)).append("] ");
        }
        if (where.room() != null) {
            out.append('[').append(clean(where.room())).append("] ");
        }
        return out.toString();
    }

    /**
     * The text without terminal control characters (escape sequences among them) and without IRC
     * formatting codes; colour codes lose their digits too.
     */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0x03) {
                i = skipColour(text, i);
                continue;
            }
            if (c == 0x04) {
                i = skipHexColour(text, i);
                continue;
            }
            if (c == '\t') {
                out.append(' ');
            } else if (c >= 0x20 && c != 0x7F && !(c >= 0x80 && c <= 0x9F) && !isBidiControl(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Bidi overrides would let a message display text in an order other than it was sent. */
    private static boolean isBidiControl(char c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    /** Skips "\x03" plus up to two digits, optionally "," and up to two digits; returns the last index. */
    private static int skipColour(String text, int at) {
        int i = skipDigits(text, at + 1, 2);
        if (i > at + 1 && i < text.length() - 1 && text.charAt(i) == ',' && Character.isDigit(text.charAt(i + 1))) {
            i = skipDigits(text, i + 1, 2);
        }
        return i - 1;
    }

    private static int skipHexColour(String text, int at) {
        int i = at + 1;
        int n = 0;
        while (i < text.length() && n < 6 && Character.digit(text.charAt(i), 16) >= 0) {
            i++;
            n++;
        }
        return i - 1;
    }

    private static int skipDigits(String text, int from, int max) {
        int i = from;
        while (i < text.length() && i - from < max && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i;
    }
}
