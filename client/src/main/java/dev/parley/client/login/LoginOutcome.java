package dev.parley.client.login;

import java.util.Set;

/** How a login attempt ended, short of the connection breaking. */
public sealed interface LoginOutcome {

    /**
     * Registered and logged in.
     *
     * @param nick    the nick the server welcomed us with
     * @param account the account the server logged us in as
     * @param caps    the capabilities the server acknowledged
     */
    record LoggedIn(String nick, String account, Set<String> caps) implements LoginOutcome {
        public LoggedIn {
            caps = Set.copyOf(caps);
        }
    }

    /** The server said the member id or password is wrong; another attempt may follow. */
    record WrongCredentials(String serverText) implements LoginOutcome {
    }

    /** The server refused for good (a locked account, a ban, no way to log in); its reason. */
    record Refused(String reason) implements LoginOutcome {
    }
}
