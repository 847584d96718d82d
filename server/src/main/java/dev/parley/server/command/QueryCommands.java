package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.Numerics;
import dev.parley.server.room.Membership;
import dev.parley.server.room.Room;
import dev.parley.server.session.Capability;
import dev.parley.server.session.Session;
import dev.parley.server.session.WhowasEntry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Commands that only ask: WHO, WHOIS, WHOWAS, ISON, USERHOST, LUSERS, MOTD, VERSION, TIME, INFO,
 * ADMIN, HELP. None of them changes any state.
 */
public final class QueryCommands {
    private static final int MAX_WHO_RESULTS = 500;
    private static final DateTimeFormatter HUMAN_TIME =
            DateTimeFormatter.ofPattern("EEEE MMMM d yyyy -- HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final ServerContext ctx;
    private final IsupportCommands isupport;

    public QueryCommands(ServerContext ctx, IsupportCommands isupport) {
        this.ctx = ctx;
        this.isupport = isupport;
    }

    public void register(CommandTable table) {
        table.add("WHO", 0, this::who)
                .add("WHOIS", 1, this::whois)
                .add("WHOWAS", 1, this::whowas)
                .add("ISON", 1, this::ison)
                .add("USERHOST", 1, this::userhost)
                .add("LUSERS", 0, (s, m) -> lusers(s))
                .add("MOTD", 0, (s, m) -> motd(s))
                .add("VERSION", 0, this::version)
                .add("TIME", 0, this::time)
                .add("INFO", 0, this::info)
                .add("ADMIN", 0, this::admin)
                .add("HELP", 0, this::help)
                .add("HELPOP", 0, this::help);
    }

    // -- welcome parts -----------------------------------------------------------

    public void isupport(Session session) {
        isupport.send(session);
    }

    public void lusers(Session session) {
        int users = ctx.state().registeredCount();
        int invisible = ctx.state().invisibleCount();
        int operators = ctx.state().operatorCount();
        int unknown = ctx.state().connectionCount() - users;
        ctx.reply(session, Numerics.RPL_LUSERCLIENT,
                "There are " + (users - invisible) + " users and " + invisible + " invisible on 1 servers");
        if (operators > 0) {
            ctx.reply(session, Numerics.RPL_LUSEROP, String.valueOf(operators), "operator(s) online");
        }
        if (unknown > 0) {
            ctx.reply(session, Numerics.RPL_LUSERUNKNOWN, String.valueOf(unknown), "unknown connection(s)");
        }
        ctx.reply(session, Numerics.RPL_LUSERCHANNELS, String.valueOf(ctx.rooms().count()), "channels formed");
        ctx.reply(session, Numerics.RPL_LUSERME, "I have " + users + " clients and 0 servers");
        String max = String.valueOf(ctx.state().maxUsers());
        ctx.reply(session, Numerics.RPL_LOCALUSERS, String.valueOf(users), max,
                "Current local users " + users + ", max " + max);
        ctx.reply(session, Numerics.RPL_GLOBALUSERS, String.valueOf(users), max,
                "Current global users " + users + ", max " + max);
    }

    public void motd(Session session) {
        List<String> motd = ctx.config().server().motd();
        if (motd.isEmpty()) {
            ctx.reply(session, Numerics.ERR_NOMOTD, "MOTD File is missing");
            return;
        }
        ctx.reply(session, Numerics.RPL_MOTDSTART, "- " + ctx.serverName() + " Message of the day - ");
        for (String line : motd) {
            ctx.reply(session, Numerics.RPL_MOTD, "- " + line);
        }
        ctx.reply(session, Numerics.RPL_ENDOFMOTD, "End of /MOTD command.");
    }

    // -- server information ------------------------------------------------------

    private void version(Session session, IrcMessage message) {
        if (!targetsThisServer(session, message.param(0))) {
            return;
        }
        ctx.reply(session, Numerics.RPL_VERSION, ServerContext.VERSION, ctx.serverName(), "Parley chat server");
        isupport(session);
    }

    private void time(Session session, IrcMessage message) {
        if (!targetsThisServer(session, message.param(0))) {
            return;
        }
        Instant now = Instant.now();
        ctx.reply(session, Numerics.RPL_TIME, ctx.serverName(), String.valueOf(now.getEpochSecond()), "0",
                HUMAN_TIME.format(now));
    }

    private void info(Session session, IrcMessage message) {
        if (!targetsThisServer(session, message.param(0))) {
            return;
        }
        for (String line : List.of(ServerContext.VERSION,
                "Parley: a secure, self-hosted chat server.",
                "Running since " + ctx.serverTime(ctx.startedAt()))) {
            ctx.reply(session, Numerics.RPL_INFO, line);
        }
        ctx.reply(session, Numerics.RPL_ENDOFINFO, "End of INFO list");
    }

    private void admin(Session session, IrcMessage message) {
        if (!targetsThisServer(session, message.param(0))) {
            return;
        }
        ctx.reply(session, Numerics.RPL_ADMINME, ctx.serverName(), "Administrative info");
        ctx.reply(session, Numerics.RPL_ADMINLOC1, ctx.config().server().description());
        ctx.reply(session, Numerics.RPL_ADMINLOC2, ctx.config().server().network());
        ctx.reply(session, Numerics.RPL_ADMINEMAIL, "Ask the operators of " + ctx.serverName());
    }

    private void help(Session session, IrcMessage message) {
        String subject = message.param(0) == null ? "*" : message.param(0);
        List<String> lines = HelpTopics.find(subject).orElse(null);
        if (lines == null) {
            ctx.reply(session, Numerics.ERR_HELPNOTFOUND, subject, "No help available on this topic");
            return;
        }
        ctx.reply(session, Numerics.RPL_HELPSTART, subject, lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            ctx.reply(session, Numerics.RPL_HELPTXT, subject, line);
        }
        ctx.reply(session, Numerics.RPL_ENDOFHELP, subject, "End of /HELP");
    }

    /** A server parameter that is not this server gets ERR_NOSUCHSERVER. */
    private boolean targetsThisServer(Session session, String server) {
        if (server == null || ctx.matcher().matches(server, ctx.serverName())
                || ctx.state().byNick(server).isPresent()) {
            return true;
        }
        ctx.reply(session, Numerics.ERR_NOSUCHSERVER, server, "No such server");
        return false;
    }

    // -- users ---------------------------------------------------------------------

    private void ison(Session session, IrcMessage message) {
        List<String> online = new ArrayList<>();
        for (String param : message.params()) {
            for (String nick : param.split(" ")) {
                ctx.state().byNick(nick).filter(Session::registered).ifPresent(s -> online.add(s.nick()));
            }
        }
        ctx.reply(session, Numerics.RPL_ISON, String.join(" ", online));
    }

    private void userhost(Session session, IrcMessage message) {
        List<String> replies = new ArrayList<>();
        for (String nick : message.params().subList(0, Math.min(5, message.params().size()))) {
            ctx.state().byNick(nick).filter(Session::registered).ifPresent(s -> replies.add(
                    s.nick() + (s.operator() ? "*" : "") + "=" + (s.awayMessage().isPresent() ? "-" : "+")
                            + s.user() + "@" + s.host()));
        }
        ctx.reply(session, Numerics.RPL_USERHOST, String.join(" ", replies));
    }

    private void whois(Session session, IrcMessage message) {
        String nicks = message.params().size() > 1 ? message.param(1) : message.param(0);
        String first = nicks.split(",")[0];
        Session target = ctx.state().byNick(first).filter(Session::registered).orElse(null);
        if (target == null) {
            ctx.reply(session, Numerics.ERR_NOSUCHNICK, first, "No such nick/channel");
            ctx.reply(session, Numerics.RPL_ENDOFWHOIS, first, "End of /WHOIS list");
            return;
        }
        String nick = target.nick();
        boolean privileged = session == target || session.operator();
        ctx.reply(session, Numerics.RPL_WHOISUSER, nick, target.user(), target.host(), "*", target.realName());
        List<String> rooms = new ArrayList<>();
        for (Room room : ctx.rooms().of(target)) {
            if (room.secret() && !room.has(session) && !privileged) {
                continue;
            }
            rooms.add(room.membership(target).map(m -> m.prefixes(session.has(Capability.MULTI_PREFIX))).orElse("")
                    + room.name());
        }
        if (!rooms.isEmpty()) {
            ctx.reply(session, Numerics.RPL_WHOISCHANNELS, nick, String.join(" ", rooms));
        }
        ctx.reply(session, Numerics.RPL_WHOISSERVER, nick, ctx.serverName(), ctx.config().server().description());
        target.awayMessage().ifPresent(away -> ctx.reply(session, Numerics.RPL_AWAY, nick, away));
        if (target.operator()) {
            ctx.reply(session, Numerics.RPL_WHOISOPERATOR, nick, "is an IRC operator");
        }
        if (target.bot()) {
            ctx.reply(session, Numerics.RPL_WHOISBOT, nick, "is a bot on " + ctx.config().server().network());
        }
        target.account().ifPresent(account ->
                ctx.reply(session, Numerics.RPL_WHOISACCOUNT, nick, account, "is logged in as"));
        if (target.secure() && !target.loopback()) {
            ctx.reply(session, "671", nick, "is using a secure connection");
        }
        if (privileged) {
            // Behind a cloak: the user and operators see where the connection really comes from.
            String real = Session.hostOf(target.address());
            ctx.reply(session, Numerics.RPL_WHOISHOST, nick, "is connecting from *@" + real + " " + real);
        }
        if (privileged) {
            target.certificateFingerprint().ifPresent(fp ->
                    ctx.reply(session, Numerics.RPL_WHOISCERTFP, nick, "has client certificate fingerprint " + fp));
            ctx.reply(session, Numerics.RPL_WHOISACTUALLY, nick, target.address().getHostAddress(), "actually using host");
        }
        ctx.reply(session, Numerics.RPL_WHOISIDLE, nick, String.valueOf(target.idleSeconds()),
                String.valueOf(target.connectedAt().getEpochSecond()), "seconds idle, signon time");
        ctx.reply(session, Numerics.RPL_ENDOFWHOIS, nick, "End of /WHOIS list");
    }

    private void whowas(Session session, IrcMessage message) {
        String nick = message.param(0);
        int count = Integer.MAX_VALUE;
        if (message.param(1) != null) {
            try {
                int wanted = Integer.parseInt(message.param(1));
                count = wanted > 0 ? wanted : Integer.MAX_VALUE;
            } catch (NumberFormatException ignored) {
                // not a number: all entries
            }
        }
        List<WhowasEntry> entries = ctx.state().whowas(nick);
        if (entries.isEmpty()) {
            ctx.reply(session, Numerics.ERR_WASNOSUCHNICK, nick, "There was no such nickname");
        }
        for (WhowasEntry entry : entries.subList(0, Math.min(count, entries.size()))) {
            ctx.reply(session, Numerics.RPL_WHOWASUSER, entry.nick(), entry.user(), entry.host(), "*", entry.realName());
            ctx.reply(session, Numerics.RPL_WHOISSERVER, entry.nick(), ctx.serverName(),
                    HUMAN_TIME.format(entry.leftAt()));
        }
        ctx.reply(session, Numerics.RPL_ENDOFWHOWAS, nick, "End of WHOWAS");
    }

    // -- WHO -----------------------------------------------------------------------

    private void who(Session session, IrcMessage message) {
        String mask = message.param(0) == null || message.param(0).isEmpty() ? "*" : message.param(0);
        WhoxFields whox = WhoxFields.parse(message.param(1));
        boolean opersOnly = message.param(1) != null && message.param(1).split("%")[0].contains("o");
        int sent = 0;
        Room room = mask.startsWith("#") ? ctx.rooms().find(mask).orElse(null) : null;
        if (room != null) {
            boolean inside = room.has(session);
            if (inside || !room.secret()) {
                for (Session member : room.members()) {
                    if ((inside || !member.invisible()) && (!opersOnly || member.operator())) {
                        whoReply(session, member, room, whox);
                    }
                }
            }
        } else if (!mask.startsWith("#")) {
            Session exact = ctx.state().byNick(mask).filter(Session::registered).orElse(null);
            if (exact != null) {
                whoReply(session, exact, null, whox);
            } else {
                for (Session user : ctx.state().registeredUsers()) {
                    if (sent >= MAX_WHO_RESULTS) {
                        break;
                    }
                    if (opersOnly && !user.operator()) {
                        continue;
                    }
                    boolean visible = user == session || !user.invisible() || sharesRoom(session, user);
                    if (visible && whoMatches(mask, user)) {
                        whoReply(session, user, null, whox);
                        sent++;
                    }
                }
            }
        }
        ctx.reply(session, Numerics.RPL_ENDOFWHO, mask, "End of WHO list");
    }

    private boolean whoMatches(String mask, Session user) {
        return ctx.matcher().matches(mask, user.nick())
                || ctx.matcher().matches(mask, user.prefix())
                || ctx.matcher().matches(mask, user.host())
                || ctx.matcher().matches(mask, user.realName())
                || ctx.matcher().matches(mask, user.account().orElse(""));
    }

    private boolean sharesRoom(Session a, Session b) {
        for (Room room : ctx.rooms().of(a)) {
            if (room.has(b)) {
                return true;
            }
        }
        return false;
    }

    private void whoReply(Session session, Session user, Room room, WhoxFields whox) {
        String flags = (user.awayMessage().isPresent() ? "G" : "H") + (user.operator() ? "*" : "")
                + (user.bot() ? "B" : "")
                + (room == null ? "" : room.membership(user).map(m -> m.prefixes(session.has(Capability.MULTI_PREFIX)))
                        .orElse(""));
        String roomName = room == null ? "*" : room.name();
        if (whox == null) {
            ctx.reply(session, Numerics.RPL_WHOREPLY, roomName, user.user(), user.host(), ctx.serverName(),
                    user.nick(), flags, "0 " + user.realName());
            return;
        }
        List<String> params = new ArrayList<>();
        for (char field : whox.fields()) {
            switch (field) {
                case 't' -> params.add(whox.token());
                case 'c' -> params.add(roomName);
                case 'u' -> params.add(user.user());
                case 'i' -> params.add(session.operator() || session == user ? user.address().getHostAddress() : "255.255.255.255");
                case 'h' -> params.add(user.host());
                case 's' -> params.add(ctx.serverName());
                case 'n' -> params.add(user.nick());
                case 'f' -> params.add(flags);
                case 'd' -> params.add("0");
                case 'l' -> params.add(String.valueOf(user.idleSeconds()));
                case 'a' -> params.add(user.account().orElse("0"));
                case 'o' -> params.add(room == null ? "n/a" : room.membership(user).map(Membership::operator)
                        .orElse(false) ? "1" : "0");
                case 'r' -> params.add(user.realName());
                default -> { }
            }
        }
        // The realname may hold spaces, so it must be the last (trailing) parameter or be sent as one.
        ctx.reply(session, Numerics.RPL_WHOSPCRPL, params.toArray(String[]::new));
    }

    /** The %fields[,token] of a WHOX request, in the order replies carry them. */
    record WhoxFields(List<Character> fields, String token) {
        private static final String ORDER = "tcuihsnfdlaor";

        static WhoxFields parse(String options) {
            if (options == null || !options.contains("%")) {
                return null;
            }
            String spec = options.substring(options.indexOf('%') + 1);
            String token = "0";
            int comma = spec.indexOf(',');
            if (comma >= 0) {
                token = spec.substring(comma + 1);
                spec = spec.substring(0, comma);
                if (token.isEmpty() || token.length() > 3 || !token.chars().allMatch(Character::isDigit)) {
                    token = "0";
                }
            }
            List<Character> fields = new ArrayList<>();
            for (char c : ORDER.toCharArray()) {
                if (spec.indexOf(c) >= 0) {
                    fields.add(c);
                }
            }
            return new WhoxFields(fields, token);
        }
    }
}
