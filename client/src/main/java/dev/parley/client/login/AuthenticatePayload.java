package dev.parley.client.login;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The AUTHENTICATE framing of IRCv3 SASL: base64 in lines of at most 400 bytes, a shorter line (or
 * "+") ending the payload, "+" alone standing for an empty one.
 */
public final class AuthenticatePayload {
    static final int CHUNK = 400;

    private final StringBuilder pending = new StringBuilder();

    /** The AUTHENTICATE parameters that carry {@code payload}, in order. */
    public static List<String> encode(byte[] payload) {
        String b64 = Base64.getEncoder().encodeToString(payload);
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < b64.length(); i += CHUNK) {
            chunks.add(b64.substring(i, Math.min(b64.length(), i + CHUNK)));
        }
        if (b64.isEmpty() || b64.length() % CHUNK == 0) {
            chunks.add("+");
        }
        return chunks;
    }

    /**
     * Takes one AUTHENTICATE parameter from the server.
     *
     * @return the whole decoded payload once its last line arrived, else null
     */
    public byte[] feed(String parameter) throws SaslFailure {
        if (!"+".equals(parameter)) {
            pending.append(parameter);
            if (pending.length() > 64 * 1024) {
                throw new SaslFailure("The server's SASL challenge is too long");
            }
            if (parameter.length() == CHUNK) {
                return null;
            }
        }
        String b64 = pending.toString();
        pending.setLength(0);
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new SaslFailure("The server's SASL challenge is not base64");
        }
    }
}
