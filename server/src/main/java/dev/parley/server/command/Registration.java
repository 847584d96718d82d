package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.Numerics;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.session.RegistrationState;
import dev.parley.server.session.Session;
import java.net.InetAddress;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes registration once NICK, USER, CAP negotiation and any login are done: checks the
 * server password and the guest policy, sends the welcome burst and joins the auto-join rooms.
 */
public final class Registration {
    private static final Logger LOG = LoggerFactory.getLogger("parley.connections");
    private static final DateTimeFormatter CREATED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final ServerContext ctx;
    private final Departures departures;
    private final QueryCommands queries;
    private final RoomCommands rooms;
    private final ServerPasswordCheck passwordCheck;
    private volatile NickReservation reservation = NickReservation.NONE;

    /** Checks a client's PASS against the server password, off the event loop (it is throttled and audited). */
    @FunctionalInterface
    public interface ServerPasswordCheck {
        CompletableFuture<Boolean> verify(String expected, String given, InetAddress address);
    }

    public Registration(ServerContext ctx, Departures departures, QueryCommands queries, RoomCommands rooms,
                        ServerPasswordCheck passwordCheck) {
        this.ctx = ctx;
        this.departures = departures;
        this.queries = queries;
        this.rooms = rooms;
        this.passwordCheck = passwordCheck;
    }

    public void reservation(NickReservation newReservation) {
        reservation = newReservation;
    }

    public NickReservation reservation() {
        return reservation;
    }

    public void tryComplete(Session session) {
        if (session.state() != RegistrationState.CONNECTING || session.nick() == null || session.user() == null
                || session.capNegotiating() || session.commands().suspended()) {
            return;
        }
        if (session.saslExchange() != null) {
            // Registration ends any exchange the client left half-done (IRCv3 SASL 3.2).
            session.saslExchange(null);
            ctx.reply(session, Numerics.ERR_SASLABORTED, "SASL authentication aborted");
        }
        if (ServerBanEnforcement.refuseIfBanned(ctx, session)) {
            return;
        }
        ParleyConfig.AuthSection auth = ctx.config().auth();
        Optional<String> serverPassword = auth.serverPassword();
        if (serverPassword.isPresent() && !session.serverPasswordAccepted()) {
            session.commands().suspend();
            passwordCheck.verify(serverPassword.get(), session.password(), session.address())
                    .whenComplete((ok, error) -> session.commands().resume(() -> {
                        if (error == null && ok) {
                            session.serverPasswordAccepted(true);
                            tryComplete(session);
                        } else {
                            ctx.reply(session, Numerics.ERR_PASSWDMISMATCH, "Password incorrect");
                            departures.drop(session, "Bad password");
                        }
                    }));
            return;
        }
        if (!auth.allowGuests() && session.account().isEmpty()) {
            ctx.standardReply(session, "FAIL", "*", "ACCOUNT_REQUIRED",
                    "This server admits members only: log in with SASL");
            departures.drop(session, "Login required: this server admits members only; log in with SASL");
            return;
        }
        if (reservation.reservedAgainst(session, session.nick())) {
            ctx.reply(session, Numerics.ERR_NICKNAMEINUSE, session.nick(),
                    "Nickname is reserved for a registered account");
            return;
        }
        ctx.state().register(session);
        LOG.info("{} registered from {}{}", session.nick(), session.address().getHostAddress(),
                session.account().map(a -> " as account " + a).orElse(" as a guest"));
        ctx.metrics().registered();
        welcome(session);
        MonitorCommands.online(ctx, ctx.state().monitors(), session);
        for (String room : ctx.config().rooms().autoJoin()) {
            rooms.join(session, room, null);
        }
    }

    private void welcome(Session session) {
        String network = ctx.config().server().network();
        ctx.reply(session, Numerics.RPL_WELCOME, "Welcome to the " + network + " IRC Network " + session.prefix());
        ctx.reply(session, Numerics.RPL_YOURHOST,
                "Your host is " + ctx.serverName() + ", running version " + ServerContext.VERSION);
        ctx.reply(session, Numerics.RPL_CREATED, "This server was created " + CREATED.format(ctx.startedAt()));
        ctx.reply(session, Numerics.RPL_MYINFO, ctx.serverName(), ServerContext.VERSION, "io", "beIiklmnostv", "beIklov");
        queries.isupport(session);
        queries.lusers(session);
        queries.motd(session);
        if (!"+".equals(session.userModes())) {
            session.send(IrcMessage.from(session.nick(), "MODE", session.nick(), session.userModes()));
        }
    }
}
