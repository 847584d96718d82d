package dev.parley.server.account;

import java.util.Optional;

/**
 * The first half of a SCRAM login, made by {@link Authenticator#lookupScram}: the salt and
 * iteration count to send the client, and what the second half checks the client's proof
 * against. For an unknown account, or one with only a legacy hash, the salt is a stable fake
 * and the proof can never match, so the exchange looks the same as for a real account.
 */
public final class ScramLookup {

    private final String nameGiven;
    private final Optional<Account> account;
    private final ScramCredentials credentials;
    private final Optional<AuthFailure> refusal;

    ScramLookup(String nameGiven, Optional<Account> account, ScramCredentials credentials,
                Optional<AuthFailure> refusal) {
        this.nameGiven = nameGiven;
        this.account = account;
        this.credentials = credentials;
        this.refusal = refusal;
    }

    /** The account name as the client gave it. */
    public String nameGiven() {
        return nameGiven;
    }

    /** Set when the exchange must stop now (e.g. {@link AuthFailure#THROTTLED}); already audited. */
    public Optional<AuthFailure> refusal() {
        return refusal;
    }

    public byte[] salt() {
        return credentials.salt();
    }

    public int iterations() {
        return credentials.iterations();
    }

    /** The server's half of the final message; only meaningful after a successful proof. */
    public byte[] serverSignature(byte[] authMessage) {
        return credentials.serverSignature(authMessage);
    }

    Optional<Account> account() {
        return account;
    }

    ScramCredentials credentials() {
        return credentials;
    }

    @Override
    public String toString() {
        return "ScramLookup[" + nameGiven + "]";
    }
}
