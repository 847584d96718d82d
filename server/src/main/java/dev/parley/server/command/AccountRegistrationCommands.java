package dev.parley.server.command;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.account.Account;
import dev.parley.server.account.AccountName;
import dev.parley.server.account.AccountServices;
import dev.parley.server.account.AuthFailure;
import dev.parley.server.account.AuthResult;
import dev.parley.server.limits.RegistrationLimiter;
import dev.parley.server.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REGISTER: clients creating their own accounts (IRCv3 draft/account-registration), only where the
 * configuration allows it ({@code [auth] self_registration = true}). Off by default: a members-only
 * server gets its members from the administrator.
 */
public final class AccountRegistrationCommands {
    private static final Logger LOG = LoggerFactory.getLogger("parley.accounts");
    public static final int MIN_PASSWORD_LENGTH = 8;

    private final ServerContext ctx;
    private final AccountServices accounts;
    private final RegistrationLimiter limiter;

    public AccountRegistrationCommands(ServerContext ctx, AccountServices accounts, RegistrationLimiter limiter) {
        this.ctx = ctx;
        this.accounts = accounts;
        this.limiter = limiter;
    }

    public void register(CommandTable table) {
        table.addEarly("REGISTER", 3, this::registerAccount);
    }

    /** The capability's value: REGISTER works before connection registration, for any account name. */
    public static String capabilityValue() {
        return "before-connect,custom-account-name";
    }

    private void registerAccount(Session session, IrcMessage message) {
        String requested = message.param(0);
        String name = "*".equals(requested) ? session.nick() : requested;
        String shown = name == null ? "*" : name;
        if (!ctx.config().auth().selfRegistration()) {
            fail(session, "DISALLOWED", shown, "This server does not let clients create accounts; ask its administrator");
            return;
        }
        if (name == null) {
            fail(session, "NEED_NICK", "*", "Choose a nick first, or name the account");
            return;
        }
        if (session.account().isPresent()) {
            fail(session, "ALREADY_AUTHENTICATED", shown, "You are already logged in");
            return;
        }
        if (!AccountName.isValid(name)) {
            fail(session, "BAD_ACCOUNT_NAME", shown,
                    "Account names are 1 to " + AccountName.MAX_LENGTH + " letters, digits, '_', '.' or '-'");
            return;
        }
        String password = message.param(2);
        if (password.length() < MIN_PASSWORD_LENGTH) {
            fail(session, "WEAK_PASSWORD", shown, "Passwords need at least " + MIN_PASSWORD_LENGTH + " characters");
            return;
        }
        if (!limiter.tryAcquire(session.address())) {
            fail(session, "TEMPORARILY_UNAVAILABLE", shown, "Too many accounts created from your address; try later");
            return;
        }
        session.commands().suspend();
        accounts.register(name, name, password, session.address()).whenComplete((result, error) -> session.commands().resume(() -> {
            if (result instanceof AuthResult.Success created) {
                loggedIn(session, created.account());
            } else if (result instanceof AuthResult.Failure refused && refused.reason() == AuthFailure.ACCOUNT_EXISTS) {
                fail(session, "ACCOUNT_EXISTS", shown, "That account already exists");
            } else {
                // Throttled, overloaded, or a storage error (logged where it happened).
                fail(session, "TEMPORARILY_UNAVAILABLE", shown, "Could not create the account; try later");
            }
        }));
    }

    private void loggedIn(Session session, Account account) {
        LOG.info("Account {} created by a client from {}", account.name(), session.address().getHostAddress());
        session.send(IrcMessage.from(ctx.serverName(), "REGISTER", "SUCCESS", account.name(),
                "Account created; you are logged in"));
        LoginAnnouncement.loggedIn(ctx, session, account);
    }

    private void fail(Session session, String code, String account, String text) {
        session.send(IrcMessage.from(ctx.serverName(), "FAIL", "REGISTER", code, account, text));
    }
}
