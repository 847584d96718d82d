package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.Numerics;
import dev.parley.server.logging.ClientText;
import dev.parley.server.moderation.BanDuration;
import dev.parley.server.moderation.BanKind;
import dev.parley.server.moderation.BanTarget;
import dev.parley.server.moderation.OperatorAction;
import dev.parley.server.moderation.ServerBan;
import dev.parley.server.moderation.ServerBans;
import dev.parley.server.room.MaskSubject;
import dev.parley.server.session.Session;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IRC operators' server bans: {@code KLINE <mask|$a:account> [<duration>] :<reason>},
 * {@code UNKLINE <mask|$a:account>}, {@code DLINE <address|network> [<duration>] :<reason>},
 * {@code UNDLINE <address|network>}, and their listings {@code STATS k} and {@code STATS d}, as
 * on hybrid, charybdis and solanum. The ban is stored on the bans thread (the operator's session
 * waits for it), then everyone it holds against is dropped.
 */
public final class BanCommands {
    private static final Logger LOG = LoggerFactory.getLogger("parley.operators");
    /** A reason is shown in a 465 and an ERROR line, which it must fit. */
    static final int REASON_LENGTH = 300;

    private final ServerContext ctx;

    public BanCommands(ServerContext ctx) {
        this.ctx = ctx;
    }

    public void register(CommandTable table) {
        table.add("KLINE", 1, (session, message) -> set(session, message, BanTarget::user))
                .add("DLINE", 1, (session, message) -> set(session, message, BanTarget::address))
                .add("UNKLINE", 1, (session, message) -> lift(session, message, BanTarget::user))
                .add("UNDLINE", 1, (session, message) -> lift(session, message, BanTarget::address))
                .add("STATS", 1, this::stats);
    }

    private void set(Session session, IrcMessage message, Function<String, BanTarget> parse) {
        String command = message.command();
        if (!isOperator(session)) {
            return;
        }
        BanTarget target;
        Optional<Duration> duration = Optional.empty();
        String reason = null;
        try {
            target = parse.apply(message.param(0));
            if (message.params().size() >= 3) {
                duration = BanDuration.parse(message.param(1));
                reason = message.param(2);
            } else if (message.params().size() == 2 && BanDuration.looksLikeOne(message.param(1))) {
                duration = BanDuration.parse(message.param(1));
            } else {
                reason = message.param(1);
            }
        } catch (IllegalArgumentException e) {
            ctx.standardReply(session, "FAIL", command, "INVALID_PARAMS", List.of(message.param(0)), e.getMessage());
            return;
        }
        if (holdsAgainst(target, session)) {
            ctx.standardReply(session, "FAIL", command, "INVALID_PARAMS", List.of(target.shown()),
                    "That ban would hold against you too");
            return;
        }
        reason = reason == null || reason.isBlank() ? "No reason given"
                : reason.substring(0, Math.min(reason.length(), REASON_LENGTH));
        // As the database keeps it, so that the ban held in memory is the one read back.
        Instant now = ctx.bans().clock().instant().truncatedTo(ChronoUnit.MILLIS);
        ServerBan ban = new ServerBan(target, reason, operatorName(session), now,
                duration.map(now::plus).orElse(null));
        String lasting = duration.map(d -> "for " + BanDuration.format(d)).orElse("permanent");
        OperatorAction action = action(session, command, target.shown(), lasting + ": " + reason);
        LOG.info("{} sets {} on {} ({})", session.nick(), command, ClientText.forLog(target.shown()), lasting);
        HistoryAccess.await(session, ctx.bans().add(ban, action),
                done -> ctx.done(session, command, "BAN_ADDED", target.shown(),
                        command + " added on " + target.shown() + " (" + lasting + "): " + ban.reason()),
                () -> ctx.standardReply(session, "FAIL", command, "TEMPORARILY_UNAVAILABLE", List.of(target.shown()),
                        "Could not store the ban; try again"));
    }

    private void lift(Session session, IrcMessage message, Function<String, BanTarget> parse) {
        String command = message.command();
        if (!isOperator(session)) {
            return;
        }
        BanTarget target;
        try {
            target = parse.apply(message.param(0));
        } catch (IllegalArgumentException e) {
            ctx.standardReply(session, "FAIL", command, "INVALID_PARAMS", List.of(message.param(0)), e.getMessage());
            return;
        }
        LOG.info("{} asks {} on {}", session.nick(), command, ClientText.forLog(target.shown()));
        HistoryAccess.await(session, ctx.bans().remove(target, action(session, command, target.shown(), "")),
                removed -> {
                    if (removed) {
                        ctx.done(session, command, "BAN_REMOVED", target.shown(),
                                command.substring(2) + " on " + target.shown() + " removed");
                    } else {
                        ctx.standardReply(session, "FAIL", command, "NO_SUCH_BAN", List.of(target.shown()),
                                "No such ban");
                    }
                },
                () -> ctx.standardReply(session, "FAIL", command, "TEMPORARILY_UNAVAILABLE", List.of(target.shown()),
                        "Could not remove the ban; try again"));
    }

    /** STATS k (account and mask bans) and STATS d (address bans), for operators; other letters list nothing. */
    private void stats(Session session, IrcMessage message) {
        String letter = message.param(0);
        boolean klines = letter.equals("k") || letter.equals("K");
        boolean dlines = letter.equals("d") || letter.equals("D");
        if ((klines || dlines) && isOperator(session)) {
            Instant now = ctx.bans().clock().instant();
            for (ServerBan ban : ctx.bans().active()) {
                boolean address = ban.target().kind() == BanKind.ADDRESS;
                if (address == dlines) {
                    String left = ban.expires().map(at -> BanDuration.format(Duration.between(now, at)))
                            .orElse("permanent");
                    ctx.reply(session, dlines ? Numerics.RPL_STATSDLINE : Numerics.RPL_STATSKLINE,
                            dlines ? "D" : "K", ban.target().shown(), ban.setBy(), left, ban.reason());
                }
            }
        }
        ctx.reply(session, Numerics.RPL_ENDOFSTATS, letter, "End of /STATS report");
    }

    /** Whether the ban would drop the operator setting it: refused, so nobody locks themselves out by a typo. */
    private boolean holdsAgainst(BanTarget target, Session session) {
        return ServerBans.covers(target, session.address()) || ctx.bans().matches(target, MaskSubject.of(session));
    }

    private boolean isOperator(Session session) {
        return OperCommands.requireOperator(ctx, session);
    }

    /** The audit record of something {@code session} did as an operator. */
    static OperatorAction action(Session session, String action, String target, String detail) {
        return new OperatorAction(Instant.now(), operatorName(session), session.address().getHostAddress(), action,
                target, detail);
    }

    /** An operator as the audit names it: by account when logged in, else by nick. */
    static String operatorName(Session session) {
        return session.account().orElse(session.nick());
    }
}
