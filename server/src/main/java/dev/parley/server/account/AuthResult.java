package dev.parley.server.account;

/** The outcome of checking a login: the account logged in, or why not. */
public sealed interface AuthResult {

    /**
     * Logged in as {@code account}, as it was just before this login: its {@code lastLoginAt} is
     * the previous login, which is worth showing the user.
     */
    record Success(Account account) implements AuthResult {
    }

    /**
     * A check that logs nobody in succeeded: OPER by an operator of the configuration (who has no
     * account), or the server password. {@code name} is who, for the audit trail.
     */
    record Granted(String name) implements AuthResult {
    }

    /** Not logged in, and why. */
    record Failure(AuthFailure reason) implements AuthResult {
    }

    static AuthResult success(Account account) {
        return new Success(account);
    }

    static AuthResult configuredOperator(String name) {
        return new Granted(name);
    }

    static AuthResult serverPasswordAccepted() {
        return new Granted("");
    }

    static AuthResult failure(AuthFailure reason) {
        return new Failure(reason);
    }

    default boolean succeeded() {
        return !(this instanceof Failure);
    }
}
