package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.Numerics;
import dev.parley.server.delivery.Audience;
import dev.parley.server.room.Membership;
import dev.parley.server.room.Room;
import dev.parley.server.session.Capability;
import dev.parley.server.session.Session;
import dev.parley.server.session.TagPolicy;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code CHGHOST <nick> <new-user> <new-host>}: an IRC operator gives a user another visible
 * user@host (a vhost, or a cloak of the operator's choosing), as on InspIRCd and UnrealIRCd. Only
 * what others see changes: bans still match the real address, and the user and operators still
 * see it in WHOIS (378). Who shares a room with the user hears of it by the chghost capability
 * or, without it, by the reconnection the spec has servers act out (QUIT, JOIN, MODE).
 */
public final class ChghostCommands {
    private static final Logger LOG = LoggerFactory.getLogger("parley.operators");
    /** An ident: nothing that could end the prefix's user part or start a parameter. */
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9~][A-Za-z0-9._~-]*");
    /** A host name's letters, with '/' for vhosts such as {@code staff/alice}; no ':' so it never reads as a trailing parameter. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9./-]*");
    static final String QUIT_REASON = "Changing host";

    private final ServerContext ctx;

    public ChghostCommands(ServerContext ctx) {
        this.ctx = ctx;
    }

    public void register(CommandTable table) {
        table.add("CHGHOST", 3, this::chghost);
    }

    private void chghost(Session session, IrcMessage message) {
        if (!OperCommands.requireOperator(ctx, session)) {
            return;
        }
        Session target = ctx.state().byNick(message.param(0)).filter(Session::registered).orElse(null);
        if (target == null) {
            ctx.reply(session, Numerics.ERR_NOSUCHNICK, message.param(0), "No such nick/channel");
            return;
        }
        String user = message.param(1);
        String host = message.param(2);
        if (user.length() > ServerContext.USER_LENGTH || !USER.matcher(user).matches()) {
            ctx.standardReply(session, "FAIL", "CHGHOST", "INVALID_PARAMS", List.of(target.nick()),
                    "A username is 1 to " + ServerContext.USER_LENGTH + " letters, digits or . _ ~ -");
            return;
        }
        if (host.length() > ServerContext.HOST_LENGTH || !HOST.matcher(host).matches()) {
            ctx.standardReply(session, "FAIL", "CHGHOST", "INVALID_PARAMS", List.of(target.nick()),
                    "A host is 1 to " + ServerContext.HOST_LENGTH + " letters, digits or . / - and begins with a letter or digit");
            return;
        }
        String before = target.user() + "@" + target.host();
        if (!before.equals(user + "@" + host)) {
            change(target, user, host);
            LOG.info("{} changed the host of {} from {} to {}@{}", session.nick(), target.nick(), before, user, host);
            ctx.bans().record(BanCommands.action(session, "CHGHOST", target.nick(), before + " -> " + user + "@" + host));
        }
        ctx.done(session, "CHGHOST", "HOST_CHANGED", target.nick(),
                "The host of " + target.nick() + " is now " + user + "@" + host);
    }

    /** Gives {@code target} its new user@host and tells everyone who sees it. */
    private void change(Session target, String user, String host) {
        Map<String, String> tags = ctx.eventTags(target);
        IrcMessage chghost = IrcMessage.from(target.prefix(), "CHGHOST", user, host).withTags(tags);
        IrcMessage quit = IrcMessage.from(target.prefix(), "QUIT", QUIT_REASON).withTags(tags);
        ctx.rooms().tellPeers(target, view -> TagPolicy.forView(view, TagPolicy.has(view, Capability.CHGHOST) ? chghost : quit));
        MonitorCommands.tellWatchers(ctx, target, Capability.CHGHOST, chghost);
        if (target.has(Capability.CHGHOST)) {
            target.send(chghost);
        }
        boolean userChanged = !user.equals(target.user());
        target.user(user);
        target.host(host);
        for (Room room : ctx.rooms().of(target)) {
            rejoin(target, room, tags);
        }
        ctx.reply(target, Numerics.RPL_VISIBLEHOST, userChanged ? user + "@" + host : host,
                "is now your displayed host");
    }

    /** For the members without chghost: {@code target} joins {@code room} again, with its modes and away state. */
    private void rejoin(Session target, Room room, Map<String, String> tags) {
        IrcMessage plain = IrcMessage.from(target.prefix(), "JOIN", room.name()).withTags(tags);
        IrcMessage extended = IrcMessage.from(target.prefix(), "JOIN", room.name(),
                target.account().orElse("*"), target.realName()).withTags(tags);
        room.fanout(view -> TagPolicy.has(view, Capability.CHGHOST) ? null
                : TagPolicy.forView(view, TagPolicy.has(view, Capability.EXTENDED_JOIN) ? extended : plain),
                target, Audience.MEMBER);
        Membership membership = room.membership(target).orElseThrow();
        String modes = membership.prefixes(true).replace("@", "o").replace("+", "v");
        if (!modes.isEmpty()) {
            String[] params = new String[2 + modes.length()];
            params[0] = room.name();
            params[1] = "+" + modes;
            for (int i = 0; i < modes.length(); i++) {
                params[2 + i] = target.nick();
            }
            IrcMessage mode = IrcMessage.from(ctx.serverName(), "MODE", params).withTags(tags);
            room.fanout(view -> TagPolicy.has(view, Capability.CHGHOST) ? null : TagPolicy.forView(view, mode),
                    target, Audience.MEMBER);
        }
        target.awayMessage().ifPresent(text -> {
            IrcMessage away = IrcMessage.from(target.prefix(), "AWAY", text).withTags(tags);
            room.fanout(view -> TagPolicy.has(view, Capability.CHGHOST) || !TagPolicy.has(view, Capability.AWAY_NOTIFY)
                    ? null : TagPolicy.forView(view, away), target, Audience.MEMBER);
        });
    }
}
