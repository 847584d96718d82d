package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.Numerics;
import dev.parley.server.logging.ClientText;
import dev.parley.server.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** OPER and KILL: server operators. */
public final class OperCommands {
    private static final Logger LOG = LoggerFactory.getLogger("parley.operators");

    private final ServerContext ctx;
    private final Departures departures;
    private final OperatorCheck check;

    /** What came of an OPER. */
    public enum Verdict {
        GRANTED,
        /** Wrong, unknown, throttled or unavailable: one answer for all, so nothing is learnt by guessing. */
        REFUSED,
        /** Plaintext and not loopback: refused before any password was looked at. */
        NEEDS_TLS
    }

    /** Checks operator credentials; may finish later (password hashing runs off the event loop). */
    public interface OperatorCheck {
        void verify(Session session, String name, String password, java.util.function.Consumer<Verdict> result);
    }

    public OperCommands(ServerContext ctx, Departures departures, OperatorCheck check) {
        this.ctx = ctx;
        this.departures = departures;
        this.check = check;
    }

    public void register(CommandTable table) {
        table.add("OPER", 2, this::oper)
                .add("KILL", 1, this::kill);
    }

    private void oper(Session session, IrcMessage message) {
        String name = message.param(0);
        check.verify(session, name, message.param(1), verdict -> {
            if (verdict == Verdict.NEEDS_TLS) {
                ctx.reply(session, Numerics.ERR_NOOPERHOST, "OPER is accepted over TLS only");
                return;
            }
            if (verdict != Verdict.GRANTED) {
                LOG.warn("Failed OPER as {} from {}", ClientText.forLog(name), session.address().getHostAddress());
                ctx.reply(session, Numerics.ERR_PASSWDMISMATCH, "Password incorrect");
                return;
            }
            LOG.info("{} is now an operator ({})", session.nick(), ClientText.forLog(name));
            ctx.state().operator(session, true);
            ctx.bans().record(BanCommands.action(session, "OPER", ClientText.forLog(name), "granted"));
            ctx.reply(session, Numerics.RPL_YOUREOPER, "You are now an IRC operator");
            session.send(IrcMessage.from(session.nick(), "MODE", session.nick(), "+o"));
            ServerRooms.opInAll(ctx, session);
        });
    }

    /** Whether {@code session} is an IRC operator; if not, it is told so (481). */
    static boolean requireOperator(ServerContext ctx, Session session) {
        if (!session.operator()) {
            ctx.reply(session, Numerics.ERR_NOPRIVILEGES, "Permission Denied- You're not an IRC operator");
            return false;
        }
        return true;
    }

    private void kill(Session session, IrcMessage message) {
        if (!requireOperator(ctx, session)) {
            return;
        }
        Session target = ctx.state().byNick(message.param(0)).filter(Session::registered).orElse(null);
        if (target == null) {
            if (message.param(0).equalsIgnoreCase(ctx.serverName())) {
                ctx.reply(session, Numerics.ERR_CANTKILLSERVER, "You cannot kill a server");
            } else {
                ctx.reply(session, Numerics.ERR_NOSUCHNICK, message.param(0), "No such nick/channel");
            }
            return;
        }
        String reason = message.param(1) == null ? "No reason given" : message.param(1);
        LOG.info("{} killed {}", session.nick(), target.nick());
        ctx.bans().record(BanCommands.action(session, "KILL", target.nick(), reason));
        target.write(IrcMessage.from(session.prefix(), "KILL", target.nick(), reason));
        departures.leave(target, "Killed (" + session.nick() + " (" + reason + "))",
                "Closing Link: " + target.host() + " (Killed (" + session.nick() + " (" + reason + ")))",
                "killed by " + session.nick());
    }
}
