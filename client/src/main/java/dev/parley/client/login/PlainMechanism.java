package dev.parley.client.login;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * SASL PLAIN (RFC 4616): the password itself, so used only over TLS (or to this very machine)
 * and only when the server offers nothing better.
 */
public final class PlainMechanism implements SaslMechanism {
    private final String user;
    private final String password;
    private boolean sent;

    public PlainMechanism(String user, String password) {
        this.user = user;
        this.password = password;
    }

    @Override
    public String name() {
        return "PLAIN";
    }

    @Override
    public byte[] respond(byte[] challenge) throws SaslFailure {
        if (sent) {
            throw new SaslFailure("The server asked for more than PLAIN has to say");
        }
        sent = true;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // An empty authorization identity: log in as the account itself.
        out.write(0);
        out.writeBytes(SaslPrep.prepare(user).getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.writeBytes(SaslPrep.prepare(password).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Override
    public boolean serverVerified() {
        return true;
    }
}
