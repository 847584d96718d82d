package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.Numerics;
import dev.parley.server.account.Account;
import dev.parley.server.account.sasl.PlainMechanism;
import dev.parley.server.account.sasl.SaslContext;
import dev.parley.server.account.sasl.SaslMechanism;
import dev.parley.server.account.sasl.SaslMechanisms;
import dev.parley.server.account.sasl.SaslStep;
import dev.parley.server.session.Capability;
import dev.parley.server.session.Session;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AUTHENTICATE: IRCv3 SASL 3.2 over the mechanisms in {@link SaslMechanisms}. Client messages come
 * base64-encoded in 400-byte pieces; the decoded whole goes to the mechanism, whose checks run off
 * the event loop while the client's later commands wait.
 */
public final class SaslCommands {
    private static final Logger LOG = LoggerFactory.getLogger("parley.logins");
    private static final int CHUNK = 400;
    /** A SASL message longer than this is refused (ERR_SASLTOOLONG): no mechanism here needs more. */
    private static final int MAX_RESPONSE_BASE64 = 8192;

    private final ServerContext ctx;
    private final SaslMechanisms mechanisms;

    /** One exchange in progress: the mechanism and the base64 pieces received so far. */
    private static final class Exchange {
        final SaslMechanism mechanism;
        final StringBuilder pending = new StringBuilder();

        Exchange(SaslMechanism mechanism) {
            this.mechanism = mechanism;
        }
    }

    public SaslCommands(ServerContext ctx, SaslMechanisms mechanisms) {
        this.ctx = ctx;
        this.mechanisms = mechanisms;
    }

    public void register(CommandTable table) {
        table.addEarly("AUTHENTICATE", 1, this::authenticate);
    }

    /** The value of the sasl capability: the mechanisms, best first. */
    public String capabilityValue() {
        return String.join(",", mechanisms.names());
    }

    private void authenticate(Session session, IrcMessage message) {
        String arg = message.param(0);
        Exchange exchange = session.saslExchange();
        if ("*".equals(arg)) {
            if (exchange != null) {
                session.saslExchange(null);
                ctx.reply(session, Numerics.ERR_SASLABORTED, "SASL authentication aborted");
            } else {
                ctx.reply(session, Numerics.ERR_SASLFAIL, "SASL authentication failed");
            }
            return;
        }
        if (exchange == null) {
            start(session, arg);
            return;
        }
        if (arg.length() > CHUNK) {
            fail(session, Numerics.ERR_SASLTOOLONG, "SASL message too long");
            return;
        }
        if (!"+".equals(arg)) {
            exchange.pending.append(arg);
        }
        if (exchange.pending.length() > MAX_RESPONSE_BASE64) {
            // 905 is for one over-long line; a response that never ends fails the exchange.
            fail(session, Numerics.ERR_SASLFAIL, "SASL authentication failed: message too long");
            return;
        }
        if (arg.length() == CHUNK) {
            return; // more pieces follow
        }
        byte[] response;
        try {
            response = Base64.getDecoder().decode(exchange.pending.toString());
        } catch (IllegalArgumentException e) {
            fail(session, Numerics.ERR_SASLFAIL, "SASL authentication failed");
            return;
        }
        exchange.pending.setLength(0);
        step(session, exchange, response);
    }

    private void start(Session session, String mechanismName) {
        if (!session.has(Capability.SASL)) {
            ctx.reply(session, Numerics.ERR_SASLFAIL, "SASL authentication failed: request the sasl capability first");
            return;
        }
        if (session.account().isPresent()) {
            ctx.reply(session, Numerics.ERR_SASLALREADY, "You have already authenticated using SASL");
            return;
        }
        String name = mechanismName.toUpperCase(Locale.ROOT);
        if (PlainMechanism.NAME.equals(name) && !session.secure()) {
            // PLAIN sends the password itself: only where nobody on the way can read it.
            ctx.standardReply(session, "NOTE", "AUTHENTICATE", "INSECURE_MECHANISM",
                    "PLAIN is offered only over TLS; use SCRAM-SHA-256 or connect with TLS");
            ctx.reply(session, Numerics.ERR_SASLFAIL, "SASL authentication failed");
            return;
        }
        SaslContext context = new SaslContext(session.address(), session.secure(),
                session.certificateFingerprint());
        SaslMechanism mechanism = mechanisms.start(name, context).orElse(null);
        if (mechanism == null) {
            ctx.reply(session, Numerics.RPL_SASLMECHS, capabilityValue(), "are available SASL mechanisms");
            ctx.reply(session, Numerics.ERR_SASLFAIL, "SASL authentication failed");
            return;
        }
        session.saslExchange(new Exchange(mechanism));
        session.send(IrcMessage.from(ctx.serverName(), "AUTHENTICATE", "+"));
    }

    private void step(Session session, Exchange exchange, byte[] response) {
        CompletableFuture<SaslStep> next;
        try {
            next = exchange.mechanism.step(response);
        } catch (RuntimeException e) {
            LOG.warn("SASL {} failed for {}", exchange.mechanism.name(), session.address().getHostAddress(), e);
            fail(session, Numerics.ERR_SASLFAIL, "SASL authentication failed");
            return;
        }
        session.commands().suspend();
        next.whenComplete((result, error) -> session.commands().resume(() -> {
            if (session.saslExchange() != exchange) {
                return; // aborted or the connection went away meanwhile
            }
            if (error != null || result == null) {
                fail(session, Numerics.ERR_SASLFAIL, "SASL authentication failed");
            } else if (result instanceof SaslStep.Challenge challenge) {
                sendChallenge(session, challenge.data());
            } else if (result instanceof SaslStep.Success success) {
                ctx.metrics().loginSucceeded();
                succeed(session, success.account()); // the Authenticator has logged and audited it
            } else if (result instanceof SaslStep.Failure failure) {
                ctx.metrics().loginFailed(failure.reason());
                LOG.info("SASL {} login failed from {}: {}", exchange.mechanism.name(),
                        session.address().getHostAddress(), failure.reason());
                fail(session, Numerics.ERR_SASLFAIL, "SASL authentication failed: " + failure.reason().userMessage());
            }
        }));
    }

    private void sendChallenge(Session session, byte[] data) {
        String encoded = Base64.getEncoder().encodeToString(data);
        for (int i = 0; i < encoded.length(); i += CHUNK) {
            session.send(IrcMessage.from(ctx.serverName(), "AUTHENTICATE",
                    encoded.substring(i, Math.min(encoded.length(), i + CHUNK))));
        }
        if (encoded.isEmpty() || encoded.length() % CHUNK == 0) {
            session.send(IrcMessage.from(ctx.serverName(), "AUTHENTICATE", "+"));
        }
    }

    private void succeed(Session session, Account account) {
        session.saslExchange(null);
        // The member's real name, as the seed showed it, when the administrator gave one.
        if (!account.displayName().isBlank() && !account.displayName().equals(account.name())) {
            session.realName(account.displayName());
        }
        if (LoginAnnouncement.loggedIn(ctx, session, account)) {
            ctx.reply(session, Numerics.RPL_SASLSUCCESS, "SASL authentication successful");
        }
    }

    private void fail(Session session, String numeric, String text) {
        session.saslExchange(null);
        ctx.reply(session, numeric, text);
    }

    /** Ends an exchange the client left half-done when registration completes (SASL 3.2). */
    public void abandon(Session session) {
        if (session.saslExchange() != null) {
            session.saslExchange(null);
            ctx.reply(session, Numerics.ERR_SASLABORTED, "SASL authentication aborted");
        }
    }
}
