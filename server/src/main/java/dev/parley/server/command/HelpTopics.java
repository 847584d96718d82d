package dev.parley.server.command;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The text HELP shows: an overview, and one entry per command a client may send. */
final class HelpTopics {
    private static final Map<String, List<String>> TOPICS = new TreeMap<>();

    static {
        topic("*", "Parley speaks the IRC client protocol. HELP <command> explains one command.",
                "Commands: ADMIN AWAY CAP INFO INVITE ISON JOIN KICK KILL LIST LUSERS MODE MONITOR MOTD NAMES NICK",
                "NOTICE OPER PART PING PRIVMSG QUIT SETNAME TAGMSG TIME TOPIC USERHOST VERSION WHO WHOIS WHOWAS",
                "Server operators: DLINE KLINE STATS UNDLINE UNKLINE");
        topic("ADMIN", "ADMIN: who runs this server.");
        topic("AUTHENTICATE", "AUTHENTICATE <mechanism>: log in with SASL (PLAIN, SCRAM-SHA-256, EXTERNAL).");
        topic("AWAY", "AWAY [:message]: mark yourself away with a message, or back without one.");
        topic("CAP", "CAP LS|LIST|REQ|END: negotiate IRCv3 capabilities.");
        topic("INFO", "INFO: about this server.");
        topic("INVITE", "INVITE <nick> <#room>: invite someone into a room; INVITE alone lists your invitations.");
        topic("ISON", "ISON <nick> [<nick>...]: which of these nicks are online.");
        topic("JOIN", "JOIN <#room>[,<#room>...] [<key>[,<key>...]]: enter rooms; JOIN 0 leaves them all.");
        topic("KICK", "KICK <#room> <nick>[,<nick>...] [:reason]: remove someone from a room (room operators).");
        topic("DLINE", "DLINE <address|network> [<duration>] :reason: ban an address or CIDR network from the"
                + " server (server operators); durations: 0 (permanent), seconds, 30m, 1h, 7d, 1d12h.");
        topic("KILL", "KILL <nick> :reason: disconnect someone (server operators).");
        topic("KLINE", "KLINE <nick!user@host|$a:account> [<duration>] :reason: ban a mask or an account from"
                + " the server (server operators); durations as for DLINE.");
        topic("LIST", "LIST [<#room>,...|>N|<N]: the rooms, their sizes and topics.");
        topic("LUSERS", "LUSERS: how many are here.");
        topic("MODE", "MODE <#room> [+|-modes [args]]: room modes o v b e I k l i m n s t.",
                "MODE <yournick> [+|-i]: your own modes.");
        topic("MONITOR", "MONITOR +|- <nick>[,<nick>...] | C | L | S: hear when these nicks come and go.");
        topic("MOTD", "MOTD: the message of the day.");
        topic("NAMES", "NAMES <#room>: who is in a room.");
        topic("NICK", "NICK <nick>: change your nick.");
        topic("NOTICE", "NOTICE <target>[,<target>...] :text: like PRIVMSG, but never answered automatically.");
        topic("OPER", "OPER <name> <password>: become a server operator.");
        topic("PART", "PART <#room>[,<#room>...] [:reason]: leave rooms.");
        topic("PING", "PING <token>: the server answers PONG <token>.");
        topic("PRIVMSG", "PRIVMSG <target>[,<target>...] :text: talk to a room or a person.");
        topic("QUIT", "QUIT [:reason]: leave the server.");
        topic("STATS", "STATS k|d: the server's KLINEs or DLINEs (server operators).");
        topic("SETNAME", "SETNAME :real name: change your real name.");
        topic("UNDLINE", "UNDLINE <address|network>: lift a DLINE (server operators).");
        topic("UNKLINE", "UNKLINE <mask|$a:account>: lift a KLINE (server operators).");
        topic("TAGMSG", "TAGMSG <target>: a message with only tags (typing notifications, reactions).");
        topic("TIME", "TIME: the server's clock.");
        topic("TOPIC", "TOPIC <#room> [:topic]: show or set a room's topic.");
        topic("USERHOST", "USERHOST <nick> [<nick>...]: user and host of up to five nicks.");
        topic("VERSION", "VERSION: the server's version and features.");
        topic("WHO", "WHO <#room|mask> [%fields[,token]]: list people, with WHOX fields.");
        topic("WHOIS", "WHOIS <nick>: about someone.");
        topic("WHOWAS", "WHOWAS <nick> [count]: about someone who left.");
    }

    private HelpTopics() {
    }

    private static void topic(String name, String... lines) {
        TOPICS.put(name, List.of(lines));
    }

    static Optional<List<String>> find(String subject) {
        return Optional.ofNullable(TOPICS.get(subject.toUpperCase(Locale.ROOT)));
    }
}
