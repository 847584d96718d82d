package dev.parley.server.account;

/** The outcome of checking a login: the account logged in, or why not. */
public sealed interface AuthResult {

    /**
     * Logged in as {@code account}, as it was just before this login: its {@code lastLoginAt} is
     * the previous login, which is worth showing the user.
     */
    record Success(Account account) implements AuthResult {
    }

    /** Not logged in, and why. */
    record Failure(AuthFailure reason) implements AuthResult {
    }

    static AuthResult success(Account account) {
        return new Success(account);
    }

    static AuthResult failure(AuthFailure reason) {
        return new Failure(reason);
    }

    default boolean succeeded() {
        return this instanceof Success;
    }
}
