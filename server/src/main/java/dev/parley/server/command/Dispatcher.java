package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.Numerics;
import dev.parley.server.session.Capability;
import dev.parley.server.session.Session;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks a command up in the {@link CommandTable}, checks what every command needs (registration,
 * parameter count), runs the handler, and wraps the replies of a labeled command (labeled-response).
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final ServerContext ctx;
    private final CommandTable table;

    public Dispatcher(ServerContext ctx, CommandTable table) {
        this.ctx = ctx;
        this.table = table;
    }

    /** Runs one command; the caller holds the state lock. */
    public void dispatch(Session session, IrcMessage message) {
        String label = message.tags().get("label");
        boolean labeled = label != null && !label.isEmpty() && label.length() <= 64
                && session.has(Capability.LABELED_RESPONSE);
        if (labeled) {
            session.beginLabel(label);
        }
        try {
            run(session, message);
        } catch (RuntimeException e) {
            // A bug in one handler must not take the connection or the server down.
            LOG.error("Command {} from {} failed", message.command(), session, e);
            ctx.reply(session, Numerics.ERR_UNKNOWNERROR, message.command(), "Internal error");
        } finally {
            if (labeled && session.label().isPresent()) { // a command may have taken its label
                endLabel(session, label);
            }
        }
    }

    /**
     * Finishes a suspended command on the session's loop, holding the state lock: {@code underLock}
     * (the slow work's result) runs with the command's label, if it had one, still collecting.
     */
    public void resumed(Session session, Runnable underLock) {
        String label = session.unparkLabel();
        try {
            underLock.run();
        } catch (RuntimeException e) {
            LOG.error("Finishing a command from {} failed", session, e);
            ctx.reply(session, Numerics.ERR_UNKNOWNERROR, "*", "Internal error");
        } finally {
            if (label != null) {
                endLabel(session, label);
            }
        }
    }

    /** A command that suspended its session keeps collecting its labeled replies until it resumes. */
    private void endLabel(Session session, String label) {
        if (session.commands().suspended()) {
            session.parkLabel();
        } else {
            finishLabel(session, label, session.endLabel());
        }
    }

    private void run(Session session, IrcMessage message) {
        CommandTable.Entry entry = table.find(message.command()).orElse(null);
        if (entry == null) {
            if (session.registered()) {
                ctx.reply(session, Numerics.ERR_UNKNOWNCOMMAND, message.command(), "Unknown command");
            } else {
                ctx.reply(session, Numerics.ERR_NOTREGISTERED, "You have not registered");
            }
            return;
        }
        if (!entry.allowedFor(session)) {
            ctx.reply(session, Numerics.ERR_NOTREGISTERED, "You have not registered");
            return;
        }
        if (message.params().size() < entry.minParams()) {
            ctx.reply(session, Numerics.ERR_NEEDMOREPARAMS, message.command(), "Not enough parameters");
            return;
        }
        entry.handler().handle(session, message);
    }

    private void finishLabel(Session session, String label, List<IrcMessage> replies) {
        if (replies.isEmpty()) {
            session.write(new IrcMessage(Map.of("label", label), ctx.serverName(), "ACK", List.of()));
        } else if (replies.size() == 1 || !session.has(Capability.BATCH) || isOneBatch(replies)) {
            session.write(replies.get(0).withTag("label", label));
            replies.subList(1, replies.size()).forEach(session::write);
        } else {
            String batch = ctx.newMessageId();
            session.write(new IrcMessage(Map.of("label", label), ctx.serverName(), "BATCH",
                    List.of("+" + batch, "labeled-response")));
            for (IrcMessage reply : replies) {
                // A reply inside a batch of its own (draft/isupport after VERSION) stays in it:
                // that batch's start line, tagged here, nests it in the labeled-response one.
                session.write(reply.tags().containsKey("batch") ? reply : reply.withTag("batch", batch));
            }
            session.write(IrcMessage.from(ctx.serverName(), "BATCH", "-" + batch));
        }
    }

    /** Replies that are one batch already (a CHATHISTORY page) carry the label on its start. */
    private static boolean isOneBatch(List<IrcMessage> replies) {
        IrcMessage first = replies.get(0);
        IrcMessage last = replies.get(replies.size() - 1);
        return "BATCH".equals(first.command()) && "BATCH".equals(last.command())
                && first.param(0) != null && first.param(0).startsWith("+")
                && ("-" + first.param(0).substring(1)).equals(last.param(0));
    }
}
