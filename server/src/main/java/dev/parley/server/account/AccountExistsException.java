package dev.parley.server.account;

/** An account was to be created under a name (in any letter case) that is already taken. */
public class AccountExistsException extends RuntimeException {
    private final String name;

    public AccountExistsException(String name) {
        super("account already exists: " + name);
        this.name = name;
    }

    public String name() {
        return name;
    }
}
