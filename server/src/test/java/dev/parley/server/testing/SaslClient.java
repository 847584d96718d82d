package dev.parley.server.testing;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.account.ScramCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** The client side of IRC SASL for tests: PLAIN, SCRAM-SHA-256 (RFC 7677) and EXTERNAL. */
public final class SaslClient {
    private SaslClient() {
    }

    /** Runs AUTHENTICATE PLAIN; returns the numeric that ended it (903 on success). */
    public static String plain(IrcTestClient c, String user, String password) throws IOException {
        c.send("AUTHENTICATE PLAIN");
        IrcMessage go = c.await(m -> m.command().equals("AUTHENTICATE") || m.command().startsWith("90"));
        if (!go.command().equals("AUTHENTICATE")) {
            return go.command();
        }
        c.send("AUTHENTICATE " + b64("\0" + user + "\0" + password));
        return outcome(c);
    }

    public static String external(IrcTestClient c) throws IOException {
        c.send("AUTHENTICATE EXTERNAL");
        c.await("AUTHENTICATE");
        c.send("AUTHENTICATE +");
        return outcome(c);
    }

    /** A full SCRAM-SHA-256 exchange, checking the server's signature too. */
    public static String scram(IrcTestClient c, String user, String password) throws IOException {
        c.send("AUTHENTICATE SCRAM-SHA-256");
        c.await("AUTHENTICATE");
        String clientNonce = "rOprNGfwEbeRWgbNEkqO" + System.nanoTime();
        String clientFirstBare = "n=" + user + ",r=" + clientNonce;
        c.send("AUTHENTICATE " + b64("n,," + clientFirstBare));
        IrcMessage first = c.await(m -> m.command().equals("AUTHENTICATE") || m.command().startsWith("90"));
        if (!first.command().equals("AUTHENTICATE")) {
            return first.command();
        }
        String serverFirst = new String(Base64.getDecoder().decode(first.param(0)), StandardCharsets.UTF_8);
        Map<String, String> fields = fields(serverFirst);
        if (!fields.get("r").startsWith(clientNonce)) {
            throw new AssertionError("server nonce does not extend ours: " + serverFirst);
        }
        byte[] salt = Base64.getDecoder().decode(fields.get("s"));
        int iterations = Integer.parseInt(fields.get("i"));
        String clientFinalBare = "c=biws,r=" + fields.get("r");
        String authMessage = clientFirstBare + "," + serverFirst + "," + clientFinalBare;
        byte[] salted = ScramCredentials.saltedPassword(password, salt, iterations);
        byte[] clientKey = ScramCredentials.hmac(salted, bytes("Client Key"));
        byte[] storedKey = ScramCredentials.sha256(clientKey);
        byte[] signature = ScramCredentials.hmac(storedKey, bytes(authMessage));
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        c.send("AUTHENTICATE " + b64(clientFinalBare + ",p=" + Base64.getEncoder().encodeToString(proof)));
        IrcMessage last = c.await(m -> m.command().equals("AUTHENTICATE") || m.command().startsWith("90"));
        if (!last.command().equals("AUTHENTICATE")) {
            return last.command();
        }
        String serverFinal = new String(Base64.getDecoder().decode(last.param(0)), StandardCharsets.UTF_8);
        byte[] serverKey = ScramCredentials.hmac(salted, bytes("Server Key"));
        byte[] expected = ScramCredentials.hmac(serverKey, bytes(authMessage));
        if (!MessageDigest.isEqual(Base64.getDecoder().decode(fields(serverFinal).get("v")), expected)) {
            throw new AssertionError("server signature is wrong: " + serverFinal);
        }
        c.send("AUTHENTICATE +");
        return outcome(c);
    }

    private static String outcome(IrcTestClient c) throws IOException {
        return c.await(m -> m.command().matches("90[2-7]")).command();
    }

    private static Map<String, String> fields(String message) {
        Map<String, String> fields = new HashMap<>();
        for (String part : message.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return fields;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(bytes(s));
    }
}
