package dev.parley.server.account;

import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names of every account, held in memory so that commands (a nick change, registration) can
 * ask whether a nick is an account's without a database query on the event loop. Read from the
 * store at start, on every reload and every minute (accounts added or removed by {@code parley
 * admin} from another process), and again whenever this server's store adds or removes one.
 *
 * <p>Fails closed: until the names have been read once, every nick that could be an account
 * name counts as taken, so a broken database never lets anyone squat a member's nick.
 */
public final class AccountNames {
    private static final Logger LOG = LoggerFactory.getLogger("parley.accounts");

    private final AccountStore store;
    /** Casefolded names; replaced whole, never changed in place. Null until first read. */
    private volatile Set<String> keys;

    public AccountNames(AccountStore store) {
        this.store = store;
    }

    /** Reads the names again; on failure the last good copy stays (and null stays null: closed). */
    public void refresh() {
        try {
            keys = Set.copyOf(store.keys());
        } catch (RuntimeException e) {
            LOG.warn("Could not read the account names (nicks of accounts stay {}): {}",
                    keys == null ? "reserved" : "as last read", e.toString());
        }
    }

    /** Whether {@code nick} names an account other than {@code loggedInAs}. */
    public boolean reservedAgainst(String nick, Optional<String> loggedInAs) {
        if (!AccountName.isValid(nick)) {
            return false;
        }
        String key = AccountName.casefold(nick);
        if (loggedInAs.isPresent() && AccountName.casefold(loggedInAs.get()).equals(key)) {
            return false;
        }
        Set<String> current = keys;
        return current == null || current.contains(key);
    }
}
