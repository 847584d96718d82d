package dev.parley.client.login;

import java.util.Objects;

/**
 * What the user logs in with.
 *
 * @param memberId the account name (the seed's enrolment number)
 * @param password the password, never printed
 */
public record Credentials(String memberId, String password) {
    public Credentials {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "Credentials[memberId=" + memberId + ", password=<hidden>]";
    }
}
