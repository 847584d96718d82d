package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.Numerics;
import dev.parley.server.account.Account;
import dev.parley.server.session.Capability;
import dev.parley.server.session.Session;
import dev.parley.server.session.TagPolicy;

/** What follows any successful login (SASL or REGISTER): the session takes the account, and says so. */
final class LoginAnnouncement {
    private LoginAnnouncement() {
    }

    /**
     * Marks the session logged in, sends RPL_LOGGEDIN, and tells peers with account-notify; or,
     * when a server ban holds against the account, drops the client and returns false.
     */
    static boolean loggedIn(ServerContext ctx, Session session, Account account) {
        session.account(account.name());
        if (ServerBanEnforcement.refuseIfBanned(ctx, session)) {
            return false;
        }
        ctx.readMarkers().loggedIn(session, account.name());
        String mask = session.nickOrStar() + "!" + (session.user() == null ? "*" : session.user()) + "@" + session.host();
        ctx.reply(session, Numerics.RPL_LOGGEDIN, mask, account.name(), "You are now logged in as " + account.name());
        if (session.registered()) {
            IrcMessage notice = IrcMessage.from(session.prefix(), "ACCOUNT", account.name());
            ctx.rooms().tellPeers(session, view -> TagPolicy.has(view, Capability.ACCOUNT_NOTIFY)
                    ? TagPolicy.forView(view, notice) : null);
            MonitorCommands.tellWatchers(ctx, session, Capability.ACCOUNT_NOTIFY, notice);
        }
        return true;
    }
}
