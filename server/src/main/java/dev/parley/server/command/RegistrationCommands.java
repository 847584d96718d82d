package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcNames;
import dev.parley.protocol.Numerics;
import dev.parley.server.room.Room;
import dev.parley.server.session.Session;
import dev.parley.server.session.TagPolicy;

/** NICK, USER, PASS, PING, PONG and QUIT: what a client says to come in, stay, and go. */
public final class RegistrationCommands {
    private final ServerContext ctx;
    private final Registration registration;
    private final Departures departures;

    public RegistrationCommands(ServerContext ctx, Registration registration, Departures departures) {
        this.ctx = ctx;
        this.registration = registration;
        this.departures = departures;
    }

    public void register(CommandTable table) {
        table.addEarly("NICK", 0, this::nick)
                .addEarly("USER", 4, this::user)
                .addEarly("PASS", 1, this::pass)
                .addEarly("PING", 1, this::ping)
                .addEarly("PONG", 0, (session, message) -> { })
                .addEarly("QUIT", 0, (session, message) -> departures.quit(session, message.param(0)));
    }

    private void nick(Session session, IrcMessage message) {
        String nick = message.param(0);
        if (nick == null || nick.isEmpty()) {
            ctx.reply(session, Numerics.ERR_NONICKNAMEGIVEN, "No nickname given");
            return;
        }
        if (!IrcNames.validNick(nick, ServerContext.NICK_LENGTH)) {
            ctx.reply(session, Numerics.ERR_ERRONEUSNICKNAME, nick, "Erroneous nickname");
            return;
        }
        if (nick.equals(session.nick())) {
            return;
        }
        Session holder = ctx.state().byNick(nick).orElse(null);
        if (holder != null && holder != session) {
            ctx.reply(session, Numerics.ERR_NICKNAMEINUSE, nick, "Nickname is already in use");
            return;
        }
        if (session.registered() && registration.reservation().reservedAgainst(session, nick)) {
            ctx.reply(session, Numerics.ERR_NICKNAMEINUSE, nick, "Nickname is reserved for a registered account");
            return;
        }
        if (!session.registered()) {
            ctx.state().claimNick(session, nick);
            registration.tryComplete(session);
            return;
        }
        long now = System.currentTimeMillis();
        IrcMessage change = IrcMessage.from(session.prefix(), "NICK", nick).withTags(ctx.messageTags(session, now));
        String old = session.nick();
        ctx.state().rememberNick(session);
        ctx.state().claimNick(session, nick);
        session.send(change);
        ctx.rooms().tellPeers(session, view -> TagPolicy.forView(view, change));
        for (Room room : ctx.rooms().of(session)) {
            Recording.room(ctx, session, room, change, now);
        }
        if (!ctx.state().fold(old).equals(ctx.state().fold(nick))) {
            MonitorCommands.offline(ctx, ctx.state().monitors(), old);
            MonitorCommands.online(ctx, ctx.state().monitors(), session);
        }
    }

    private void user(Session session, IrcMessage message) {
        if (session.registered() || session.user() != null) {
            ctx.reply(session, Numerics.ERR_ALREADYREGISTERED, "You may not reregister");
            return;
        }
        String user = IrcNames.sanitizeUser(message.param(0), ServerContext.USER_LENGTH - 1);
        if (user == null) {
            // Nothing printable and ASCII was given (e.g. emoji): a neutral name instead of a refusal.
            user = "u";
        }
        String realName = message.param(3);
        if (realName.isEmpty()) {
            ctx.reply(session, Numerics.ERR_NEEDMOREPARAMS, "USER", "Not enough parameters");
            return;
        }
        // No ident lookup is done, so the user name is marked as unverified, as servers do.
        session.user("~" + user);
        if (session.realName() == null) {
            session.realName(realName);
        }
        registration.tryComplete(session);
    }

    private void pass(Session session, IrcMessage message) {
        if (session.registered()) {
            ctx.reply(session, Numerics.ERR_ALREADYREGISTERED, "You may not reregister");
            return;
        }
        session.password(message.param(0));
    }

    private void ping(Session session, IrcMessage message) {
        session.send(IrcMessage.from(ctx.serverName(), "PONG", ctx.serverName(), message.param(0)));
    }
}
