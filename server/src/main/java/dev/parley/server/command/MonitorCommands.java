package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcNames;
import dev.parley.server.room.Room;
import dev.parley.server.session.Capability;
import dev.parley.server.session.Monitors;
import dev.parley.server.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MONITOR (IRCv3): a client's list of nicks it wants to hear come and go. Only nicks, never masks,
 * so nobody can follow a person across nick changes by their host.
 */
public final class MonitorCommands {
    static final String RPL_MONONLINE = "730";
    static final String RPL_MONOFFLINE = "731";
    static final String RPL_MONLIST = "732";
    static final String RPL_ENDOFMONLIST = "733";
    static final String ERR_MONLISTFULL = "734";
    /** Nicks per reply line, so a line stays well under 512 bytes. */
    private static final int PER_LINE = 10;

    private final ServerContext ctx;
    private final Monitors monitors;

    public MonitorCommands(ServerContext ctx, Monitors monitors) {
        this.ctx = ctx;
        this.monitors = monitors;
    }

    public void register(CommandTable table) {
        table.add("MONITOR", 1, this::monitor);
    }

    private void monitor(Session session, IrcMessage message) {
        String targets = message.param(1) == null ? "" : message.param(1);
        switch (message.param(0).toUpperCase(Locale.ROOT)) {
            case "+" -> add(session, targets);
            case "-" -> {
                for (String nick : targets.split(",")) {
                    if (!nick.isEmpty()) {
                        monitors.remove(session, nick);
                    }
                }
            }
            case "C" -> monitors.clear(session);
            case "L" -> {
                List<String> all = new ArrayList<>(monitors.list(session).values());
                for (int i = 0; i < all.size(); i += PER_LINE) {
                    ctx.reply(session, RPL_MONLIST, String.join(",", all.subList(i, Math.min(all.size(), i + PER_LINE))));
                }
                ctx.reply(session, RPL_ENDOFMONLIST, "End of MONITOR list");
            }
            case "S" -> status(session, new ArrayList<>(monitors.list(session).values()));
            default -> { }
        }
    }

    private void add(Session session, String targets) {
        List<String> added = new ArrayList<>();
        String[] nicks = targets.split(",");
        for (int i = 0; i < nicks.length; i++) {
            String nick = nicks[i];
            if (nick.isEmpty() || !IrcNames.validNick(nick, ServerContext.NICK_LENGTH)) {
                continue;
            }
            if (monitors.list(session).size() >= Monitors.LIMIT) {
                List<String> rest = List.of(nicks).subList(i, nicks.length);
                ctx.reply(session, ERR_MONLISTFULL, String.valueOf(Monitors.LIMIT), String.join(",", rest),
                        "Monitor list is full.");
                break;
            }
            if (monitors.add(session, nick)) {
                added.add(nick);
            }
        }
        status(session, added);
    }

    /** RPL_MONONLINE for those here, RPL_MONOFFLINE for the rest. */
    private void status(Session session, List<String> nicks) {
        List<String> online = new ArrayList<>();
        List<String> offline = new ArrayList<>();
        for (String nick : nicks) {
            Session target = ctx.state().byNick(nick).filter(Session::registered).orElse(null);
            if (target == null) {
                offline.add(nick);
            } else {
                online.add(target.prefix());
            }
        }
        for (int i = 0; i < online.size(); i += PER_LINE) {
            ctx.reply(session, RPL_MONONLINE, String.join(",", online.subList(i, Math.min(online.size(), i + PER_LINE))));
        }
        for (int i = 0; i < offline.size(); i += PER_LINE) {
            ctx.reply(session, RPL_MONOFFLINE, String.join(",", offline.subList(i, Math.min(offline.size(), i + PER_LINE))));
        }
    }

    /** Tells the watchers of {@code session}'s nick that it is here now. */
    public static void online(ServerContext ctx, Monitors monitors, Session session) {
        for (Session watcher : monitors.watching(session.nick())) {
            watcher.write(ctx.numeric(watcher, RPL_MONONLINE, session.prefix()));
        }
    }

    /** Tells the watchers of {@code nick} that it is gone. */
    public static void offline(ServerContext ctx, Monitors monitors, String nick) {
        for (Session watcher : monitors.watching(nick)) {
            watcher.write(ctx.numeric(watcher, RPL_MONOFFLINE, nick));
        }
    }

    /**
     * extended-monitor: what a client's room peers hear of it (AWAY, ACCOUNT, SETNAME), those who
     * MONITOR its nick hear too, if they asked for extended-monitor and for {@code cap}; once:
     * a watcher who shares a room with it has heard already.
     */
    public static void tellWatchers(ServerContext ctx, Session session, Capability cap, IrcMessage message) {
        if (session.nick() == null) {
            return;
        }
        List<Room> rooms = ctx.rooms().of(session);
        for (Session watcher : ctx.state().monitors().watching(session.nick())) {
            if (watcher != session && watcher.has(Capability.EXTENDED_MONITOR) && watcher.has(cap)
                    && rooms.stream().noneMatch(room -> room.has(watcher))) {
                watcher.write(message);
            }
        }
    }
}
