package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.Isupport;
import dev.parley.protocol.Numerics;
import dev.parley.server.session.Capability;
import dev.parley.server.session.Session;
import java.util.ArrayList;
import java.util.List;

/**
 * RPL_ISUPPORT (005) and draft/extended-isupport: the tokens in the welcome burst, on the
 * ISUPPORT command (before registration too, for clients that enabled the capability), and the
 * changes a reload makes, sent to those clients as it happens.
 */
public final class IsupportCommands {
    private final ServerContext ctx;

    public IsupportCommands(ServerContext ctx) {
        this.ctx = ctx;
    }

    public void register(CommandTable table) {
        table.addEarlyWith("ISUPPORT", Capability.EXTENDED_ISUPPORT, 0, (session, message) -> send(session));
    }

    /** Every token, as a reply to {@code session}'s command. */
    public void send(Session session) {
        lines(session, ctx.isupport().tokens()).forEach(session::send);
    }

    /**
     * Tells the clients that enabled draft/extended-isupport what a new configuration changed
     * (NETWORK, CHANLIMIT; CHATHISTORY with history turned on or off). Others learn it when they
     * ask (ISUPPORT, VERSION) or reconnect: nothing obliges a server to tell them, and a client
     * that did not ask may not expect 005 after the burst.
     */
    public void notifyChange(Isupport before, Isupport after) {
        List<String> changes = after.changesSince(before);
        if (changes.isEmpty()) {
            return;
        }
        for (Session session : ctx.state().sessions()) {
            if (session.has(Capability.EXTENDED_ISUPPORT)) {
                lines(session, changes).forEach(session::write);
            }
        }
    }

    /** 005 lines of {@code tokens}, in a draft/isupport batch when the spec asks for one. */
    private List<IrcMessage> lines(Session session, List<String> tokens) {
        List<IrcMessage> lines = new ArrayList<>();
        boolean batched = session.has(Capability.BATCH) && session.has(Capability.EXTENDED_ISUPPORT);
        String batch = batched ? ctx.newMessageId() : null;
        if (batched) {
            lines.add(IrcMessage.from(ctx.serverName(), "BATCH", "+" + batch, "draft/isupport"));
        }
        for (List<String> line : Isupport.inLines(tokens)) {
            List<String> params = new ArrayList<>(line);
            params.add("are supported by this server");
            IrcMessage reply = ctx.numeric(session, Numerics.RPL_ISUPPORT, params.toArray(String[]::new));
            lines.add(batched ? reply.withTag("batch", batch) : reply);
        }
        if (batched) {
            lines.add(IrcMessage.from(ctx.serverName(), "BATCH", "-" + batch));
        }
        return lines;
    }
}
