package dev.parley.client.login;

/**
 * A SASL exchange cannot go on: the server's side is malformed or fails to prove itself, or the
 * server itself reported an error inside the exchange (a wrong password, for SCRAM).
 */
public final class SaslFailure extends Exception {
    private final boolean rejectedByServer;

    public SaslFailure(String message) {
        this(message, false);
    }

    public SaslFailure(String message, boolean rejectedByServer) {
        super(message);
        this.rejectedByServer = rejectedByServer;
    }

    /** True when the server reported the error (it will follow with a failure numeric). */
    public boolean rejectedByServer() {
        return rejectedByServer;
    }
}
