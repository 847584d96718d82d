package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.room.Room;
import dev.parley.server.session.RegistrationState;
import dev.parley.server.session.Session;
import dev.parley.server.session.TagPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How a client leaves, whatever the cause: QUIT, KILL, a ping timeout, a lost connection. */
public final class Departures {
    private static final Logger LOG = LoggerFactory.getLogger("parley.connections");

    private final ServerContext ctx;

    public Departures(ServerContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Removes the client, tells everyone who shares a room with it, sends it a final ERROR and
     * closes the connection. Does nothing the second time.
     *
     * @param quitMessage what the others see as the QUIT reason
     * @param errorText   the final ERROR line to the client itself
     * @param logCause    why, for the log: never the client's own words, which may be anything
     */
    public void leave(Session session, String quitMessage, String errorText, String logCause) {
        if (session.state() == RegistrationState.CLOSING) {
            return;
        }
        boolean wasRegistered = session.registered();
        session.state(RegistrationState.CLOSING);
        if (wasRegistered) {
            long now = System.currentTimeMillis();
            IrcMessage quit = IrcMessage.from(session.prefix(), "QUIT", quitMessage)
                    .withTags(ctx.messageTags(session, now));
            ctx.rooms().tellPeers(session, view -> TagPolicy.forView(view, quit));
            for (Room room : ctx.rooms().of(session)) {
                Recording.room(ctx, session, room, quit, now);
            }
            ctx.rooms().leaveAll(session);
            ctx.state().rememberNick(session);
            MonitorCommands.offline(ctx, ctx.state().monitors(), session.nick());
            LOG.info("{} left ({}): {}", session.nick(), session.address().getHostAddress(), logCause);
        } else {
            LOG.info("{} left before registering: {}", session.address().getHostAddress(), logCause);
        }
        close(session, errorText);
    }

    /** The client asked to go (QUIT): others see "Quit: reason". */
    public void quit(Session session, String reason) {
        String shown = reason == null || reason.isEmpty() ? "Quit" : "Quit: " + reason;
        leave(session, shown, closingLink(session, shown), "quit");
    }

    /** The server ends the connection for {@code reason} (ping timeout, flood, KILL...). */
    public void drop(Session session, String reason) {
        leave(session, reason, closingLink(session, reason), reason);
    }

    /**
     * The server is stopping: the client gets its final ERROR and is closed, and nobody is told
     * of it, since everyone else is going too. Telling each of N members of a room that each of
     * the others left would be N² lines.
     */
    public void shutDown(Session session) {
        if (session.state() == RegistrationState.CLOSING) {
            return;
        }
        session.state(RegistrationState.CLOSING);
        ctx.rooms().leaveAll(session);
        close(session, closingLink(session, "Server shutting down"));
    }

    /** The last of every departure: out of the server's tables, the final ERROR, the close. */
    private void close(Session session, String errorText) {
        ctx.state().monitors().clear(session);
        ctx.readMarkers().leave(session);
        ctx.state().removeSession(session);
        session.close(IrcMessage.of("ERROR", errorText));
    }

    private static String closingLink(Session session, String reason) {
        return "Closing Link: " + session.host() + " (" + reason + ")";
    }
}
