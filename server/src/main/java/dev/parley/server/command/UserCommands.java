package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.Numerics;
import dev.parley.server.session.Capability;
import dev.parley.server.session.Session;
import dev.parley.server.session.TagPolicy;

/** AWAY and SETNAME: what a client says about itself. */
public final class UserCommands {
    private static final int REALNAME_LENGTH = 128;

    private final ServerContext ctx;

    public UserCommands(ServerContext ctx) {
        this.ctx = ctx;
    }

    public void register(CommandTable table) {
        table.add("AWAY", 0, this::away)
                .add("SETNAME", 1, this::setname);
    }

    private void away(Session session, IrcMessage message) {
        String text = message.param(0);
        IrcMessage notice;
        if (text == null || text.isEmpty()) {
            session.awayMessage(null);
            ctx.reply(session, Numerics.RPL_UNAWAY, "You are no longer marked as being away");
            notice = IrcMessage.from(session.prefix(), "AWAY");
        } else {
            if (text.length() > ServerContext.AWAY_LENGTH) {
                text = text.substring(0, ServerContext.AWAY_LENGTH);
            }
            session.awayMessage(text);
            ctx.reply(session, Numerics.RPL_NOWAWAY, "You have been marked as being away");
            notice = IrcMessage.from(session.prefix(), "AWAY", text);
        }
        IrcMessage tagged = notice.withTags(ctx.eventTags(session));
        ctx.rooms().tellPeers(session, view -> TagPolicy.has(view, Capability.AWAY_NOTIFY) ? TagPolicy.forView(view, tagged) : null);
        MonitorCommands.tellWatchers(ctx, session, Capability.AWAY_NOTIFY, tagged);
    }

    private void setname(Session session, IrcMessage message) {
        String name = message.param(0);
        if (name.isEmpty() || name.length() > REALNAME_LENGTH) {
            ctx.standardReply(session, "FAIL", "SETNAME", "INVALID_REALNAME", "Realname is not valid");
            return;
        }
        session.realName(name);
        IrcMessage change = IrcMessage.from(session.prefix(), "SETNAME", name).withTags(ctx.eventTags(session));
        if (session.has(Capability.SETNAME)) {
            session.send(change);
        }
        ctx.rooms().tellPeers(session, view -> TagPolicy.has(view, Capability.SETNAME) ? TagPolicy.forView(view, change) : null);
        MonitorCommands.tellWatchers(ctx, session, Capability.SETNAME, change);
    }
}
