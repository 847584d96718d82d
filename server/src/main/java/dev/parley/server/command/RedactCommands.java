package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcParseException;
import dev.parley.protocol.IrcParser;
import dev.parley.server.account.AccountName;
import dev.parley.server.delivery.Audience;
import dev.parley.server.history.StoredMessage;
import dev.parley.server.room.Room;
import dev.parley.server.session.Capability;
import dev.parley.server.session.Session;
import dev.parley.server.session.TagPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * REDACT (IRCv3 draft/message-redaction): a member takes back what they said, or a room operator
 * removes what anyone said in their room. The message leaves history (and so CHATHISTORY and
 * search) and clients that support redaction are told to hide it; others are not sent anything.
 * Who said it is read from history, so the session waits for that read.
 */
public final class RedactCommands {
    private static final int REASON_LENGTH = ServerContext.KICK_LENGTH;

    private final ServerContext ctx;

    public RedactCommands(ServerContext ctx) {
        this.ctx = ctx;
    }

    public void register(CommandTable table) {
        table.add("REDACT", 0, this::redact);
    }

    private void redact(Session session, IrcMessage message) {
        String target = message.param(0);
        String msgid = message.param(1);
        if (target == null || msgid == null || target.isEmpty() || msgid.isEmpty()) {
            ctx.standardReply(session, "FAIL", "REDACT", "NEED_MORE_PARAMS", "Missing parameters");
            return;
        }
        String reason = message.param(2);
        if (reason != null && reason.length() > REASON_LENGTH) {
            reason = reason.substring(0, REASON_LENGTH);
        }
        HistoryAccess.Readable readable = ctx.history().enabled() ? HistoryAccess.readable(ctx, session, target) : null;
        if (readable == null || (target.startsWith("#") && readable.targets().isEmpty())) {
            fail(session, "INVALID_TARGET", List.of(target), "You cannot redact messages there");
            return;
        }
        if (readable.targets().isEmpty()) {
            fail(session, "UNKNOWN_MSGID", List.of(target, msgid), "No such message");
            return;
        }
        String because = reason;
        HistoryAccess.await(session, ctx.history().find(readable.targets(), msgid),
                found -> decide(session, target, msgid, because, readable.targets(), found),
                () -> fail(session, "UNKNOWN_MSGID", List.of(target, msgid), "No such message"));
    }

    private void decide(Session session, String target, String msgid, String reason, List<String> targets,
                        Optional<StoredMessage> found) {
        if (found.isEmpty()) {
            fail(session, "UNKNOWN_MSGID", List.of(target, msgid), "No such message");
            return;
        }
        Room room = target.startsWith("#") ? ctx.rooms().find(target).orElse(null) : null;
        if (target.startsWith("#") && (room == null || !room.has(session))) {
            fail(session, "INVALID_TARGET", List.of(target), "You cannot redact messages there");
            return;
        }
        boolean mayRedact = saidBy(session, found.get()) || (room != null && room.isOperator(session));
        if (!mayRedact) {
            fail(session, "REDACT_FORBIDDEN", List.of(target, msgid), "You may redact only your own messages");
            return;
        }
        ctx.history().forget(targets, msgid);
        List<String> params = new ArrayList<>(List.of(target, msgid));
        if (reason != null && !reason.isEmpty()) {
            params.add(reason);
        }
        IrcMessage redaction = IrcMessage.from(session.prefix(), "REDACT", params)
                .withTags(ctx.eventTags(session));
        if (room != null) {
            room.fanout(view -> TagPolicy.has(view, Capability.MESSAGE_REDACTION)
                    ? TagPolicy.forView(view, redaction) : null, session, Audience.MEMBER);
        } else {
            ctx.state().byNick(target).filter(other -> other != session && other.has(Capability.MESSAGE_REDACTION))
                    .ifPresent(other -> other.write(redaction));
        }
        if (session.has(Capability.MESSAGE_REDACTION)) {
            session.send(redaction);
        }
    }

    /** Whether the stored message is the asker's own: by account, or for a guest by its full mask. */
    private static boolean saidBy(Session session, StoredMessage stored) {
        if (stored.account() != null) {
            return session.account().map(a -> AccountName.casefold(a).equals(AccountName.casefold(stored.account())))
                    .orElse(false);
        }
        try {
            return session.account().isEmpty() && session.prefix().equals(IrcParser.parse(stored.line()).source());
        } catch (IrcParseException e) {
            return false;
        }
    }

    private void fail(Session session, String code, List<String> context, String description) {
        ctx.standardReply(session, "FAIL", "REDACT", code, context, description);
    }
}
