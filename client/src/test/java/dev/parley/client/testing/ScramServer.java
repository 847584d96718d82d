package dev.parley.client.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The server side of one SCRAM-SHA-256 exchange, for the fake server in tests. */
public final class ScramServer {
    private final String password;
    private final byte[] salt = "parley-test-salt".getBytes(StandardCharsets.UTF_8);
    private final int iterations = 4096;
    private String user;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;

    public ScramServer(String password) {
        this.password = password;
    }

    /** Reads the client-first message, returns the server-first one. */
    public String first(String clientFirst) {
        if (!clientFirst.startsWith("n,,")) {
            throw new IllegalArgumentException("unexpected GS2 header: " + clientFirst);
        }
        clientFirstBare = clientFirst.substring(3);
        String[] parts = clientFirstBare.split(",");
        user = parts[0].substring(2);
        nonce = parts[1].substring(2) + "SERVERNONCE";
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations;
        return serverFirst;
    }

    public String user() {
        return user;
    }

    /**
     * Checks the client's proof.
     *
     * @return the server-final message ("v=..."), or null when the proof is wrong
     */
    public String last(String clientFinal) throws Exception {
        int proofAt = clientFinal.lastIndexOf(",p=");
        String withoutProof = clientFinal.substring(0, proofAt);
        if (!withoutProof.equals("c=biws,r=" + nonce)) {
            throw new IllegalArgumentException("unexpected client-final: " + clientFinal);
        }
        byte[] proof = Base64.getDecoder().decode(clientFinal.substring(proofAt + 3));
        byte[] salted = hi(password.getBytes(StandardCharsets.UTF_8));
        byte[] clientKey = hmac(salted, "Client Key");
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] signature = hmac(storedKey, authMessage);
        byte[] recovered = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            recovered[i] = (byte) (proof[i] ^ signature[i]);
        }
        if (!MessageDigest.isEqual(MessageDigest.getInstance("SHA-256").digest(recovered), storedKey)) {
            return null;
        }
        return "v=" + Base64.getEncoder().encodeToString(hmac(hmac(salted, "Server Key"), authMessage));
    }

    private byte[] hi(byte[] key) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update(salt);
        byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
        byte[] out = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < out.length; j++) {
                out[j] ^= u[j];
            }
        }
        return out;
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
