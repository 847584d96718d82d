package dev.parley.client.login;

/** The client side of one SASL mechanism, for one login attempt. */
public interface SaslMechanism {
    /** The IANA name sent in {@code AUTHENTICATE <name>}. */
    String name();

    /**
     * The response to the server's next challenge (the first challenge is empty).
     *
     * @throws SaslFailure when the challenge is malformed or the server fails to prove itself
     */
    byte[] respond(byte[] challenge) throws SaslFailure;

    /**
     * Whether the exchange so far proved that the server knows the password too; a success from the
     * server counts only when this holds. Mechanisms that cannot prove it (PLAIN) say true.
     */
    boolean serverVerified();
}
