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
        // draft/pre-away: a client that enabled it may say it is away before registering (a
        // client connecting on its own, to fetch history, need not look present).
        table.addEarlyWith("AWAY", Capability.PRE_AWAY, 0, this::away)
                .add("SETNAME", 1, this::setname);
    }

    /**
     * Sets or clears the away message. {@code AWAY *} (draft/pre-away: away for no stated reason,
     * such as no one at the keyboard) is kept and relayed as it is, as the spec lets clients read
     * it. Before registration it only sets the state: registration then shows it (WHO's G flag,
     * 301, the AWAY that away-notify peers get with each JOIN), and MONITOR still reports the nick
     * coming online.
     */
    private void away(Session session, IrcMessage message) {
        String text = message.param(0);
        if (text == null || text.isEmpty()) {
            session.awayMessage(null);
            ctx.reply(session, Numerics.RPL_UNAWAY, "You are no longer marked as being away");
        } else {
            if (text.length() > ServerContext.AWAY_LENGTH) {
                text = text.substring(0, ServerContext.AWAY_LENGTH);
            }
            session.awayMessage(text);
            ctx.reply(session, Numerics.RPL_NOWAWAY, "You have been marked as being away");
        }
        if (!session.registered()) {
            return;
        }
        IrcMessage notice = session.awayMessage().map(away -> IrcMessage.from(session.prefix(), "AWAY", away))
                .orElseGet(() -> IrcMessage.from(session.prefix(), "AWAY"))
                .withTags(ctx.eventTags(session));
        ctx.rooms().tellPeers(session, view -> TagPolicy.has(view, Capability.AWAY_NOTIFY) ? TagPolicy.forView(view, notice) : null);
        MonitorCommands.tellWatchers(ctx, session, Capability.AWAY_NOTIFY, notice);
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
