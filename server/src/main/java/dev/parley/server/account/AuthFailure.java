package dev.parley.server.account;

/**
 * Why a login was refused. Each reason's {@link #userMessage()} is safe to send to the client: it
 * never tells an unknown account from a wrong password.
 */
public enum AuthFailure {
    /** Unknown account or wrong password; deliberately indistinguishable. */
    BAD_CREDENTIALS("Invalid account name or password"),
    /** The password was right but an administrator has locked the account. */
    LOCKED("This account is locked"),
    /** Too many recent failures for this account or from this address; the password was not checked. */
    THROTTLED("Too many failed logins; try again later"),
    /**
     * The password matched a legacy (unsalted SHA-256) hash, which is only accepted over TLS so
     * that the upgrade to a modern hash never happens over a readable connection.
     */
    LEGACY_NEEDS_TLS("Log in over a TLS connection once to upgrade your password"),
    /** OPER over a plaintext connection that is not loopback: refused before any password is looked at. */
    NEEDS_TLS("This needs a TLS connection"),
    /** REGISTER: the account name is taken (counted as a failure: asking is how names are probed). */
    ACCOUNT_EXISTS("That account already exists"),
    /** SASL: the client asked to act as another account (authzid), which is not allowed. */
    NOT_AUTHORIZED("You may only log in as yourself"),
    /** SASL: the client's message could not be parsed or broke the mechanism's rules. */
    MALFORMED("Malformed authentication message"),
    /** The login could not be checked now (overloaded, storage error); nothing was decided. */
    UNAVAILABLE("Login is temporarily unavailable; try again later");

    private final String userMessage;

    AuthFailure(String userMessage) {
        this.userMessage = userMessage;
    }

    public String userMessage() {
        return userMessage;
    }
}
