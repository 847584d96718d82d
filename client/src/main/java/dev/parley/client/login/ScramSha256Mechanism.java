package dev.parley.client.login;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) without channel binding. The password
 * never leaves the client, and the server must prove with its signature that it holds the
 * account's keys before the login counts.
 */
public final class ScramSha256Mechanism implements SaslMechanism {
    /** The RFC 7677 minimum; fewer would make the proof cheap to brute-force if it leaked. */
    static final int MIN_ITERATIONS = 4096;
    /** A server asking for more would make the client spin for minutes. */
    static final int MAX_ITERATIONS = 10_000_000;
    private static final String GS2_HEADER = "n,,";

    private enum Step { START, FIRST_SENT, FINAL_SENT, DONE }

    private final String user;
    private final String password;
    private final String clientNonce;
    private Step step = Step.START;
    private String clientFirstBare;
    private byte[] expectedServerSignature;
    private boolean serverVerified;

    /** With a fresh random nonce. */
    public ScramSha256Mechanism(String user, String password) {
        this(user, password, randomNonce());
    }

    /** With a given nonce: for the RFC test vectors. */
    ScramSha256Mechanism(String user, String password, String clientNonce) {
        this.user = user;
        this.password = password;
        this.clientNonce = clientNonce;
    }

    private static String randomNonce() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String name() {
        return "SCRAM-SHA-256";
    }

    @Override
    public byte[] respond(byte[] challenge) throws SaslFailure {
        switch (step) {
            case START -> {
                clientFirstBare = "n=" + saslName(SaslPrep.prepare(user)) + ",r=" + clientNonce;
                step = Step.FIRST_SENT;
                return utf8(GS2_HEADER + clientFirstBare);
            }
            case FIRST_SENT -> {
                step = Step.FINAL_SENT;
                return utf8(clientFinal(new String(challenge, StandardCharsets.UTF_8)));
            }
            case FINAL_SENT -> {
                step = Step.DONE;
                verifyServerFinal(new String(challenge, StandardCharsets.UTF_8));
                return new byte[0];
            }
            default -> throw new SaslFailure("The server went on after SCRAM was complete");
        }
    }

    @Override
    public boolean serverVerified() {
        return serverVerified;
    }

    private String clientFinal(String serverFirst) throws SaslFailure {
        Map<String, String> attributes = attributes(serverFirst);
        if (attributes.containsKey("m")) {
            throw new SaslFailure("The server requires a SCRAM extension this client does not know");
        }
        String nonce = attributes.get("r");
        String salt = attributes.get("s");
        String iterationText = attributes.get("i");
        if (nonce == null || salt == null || iterationText == null) {
            throw new SaslFailure("The server's SCRAM challenge lacks its nonce, salt or iteration count");
        }
        // The server's nonce must extend ours, or a replayed exchange could pass.
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new SaslFailure("The server's SCRAM nonce does not extend the client's");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(iterationText);
        } catch (NumberFormatException e) {
            throw new SaslFailure("The server's SCRAM iteration count is not a number");
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new SaslFailure("The server asks for " + iterations + " SCRAM iterations, outside "
                    + MIN_ITERATIONS + ".." + MAX_ITERATIONS);
        }
        byte[] saltBytes;
        try {
            saltBytes = Base64.getDecoder().decode(salt);
        } catch (IllegalArgumentException e) {
            throw new SaslFailure("The server's SCRAM salt is not base64");
        }

        byte[] saltedPassword = hi(utf8(SaslPrep.prepare(password)), saltBytes, iterations);
        byte[] clientKey = hmac(saltedPassword, utf8("Client Key"));
        byte[] storedKey = sha256(clientKey);
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(utf8(GS2_HEADER)) + ",r=" + nonce;
        byte[] authMessage = utf8(clientFirstBare + "," + serverFirst + "," + withoutProof);
        byte[] clientSignature = hmac(storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
        }
        byte[] serverKey = hmac(saltedPassword, utf8("Server Key"));
        expectedServerSignature = hmac(serverKey, authMessage);
        return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
    }

    private void verifyServerFinal(String serverFinal) throws SaslFailure {
        Map<String, String> attributes = attributes(serverFinal);
        if (attributes.containsKey("e")) {
            throw new SaslFailure("The server refused the SCRAM proof: " + attributes.get("e"), true);
        }
        String verifier = attributes.get("v");
        if (verifier == null) {
            throw new SaslFailure("The server's final SCRAM message has no signature");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(verifier);
        } catch (IllegalArgumentException e) {
            throw new SaslFailure("The server's SCRAM signature is not base64");
        }
        if (!MessageDigest.isEqual(signature, expectedServerSignature)) {
            throw new SaslFailure("The server's SCRAM signature is wrong: it does not know this account's keys");
        }
        serverVerified = true;
    }

    /** The attributes of a SCRAM message in their order; values may contain '='. */
    private static Map<String, String> attributes(String message) throws SaslFailure {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String part : message.split(",")) {
            if (part.length() < 2 || part.charAt(1) != '=') {
                throw new SaslFailure("Malformed SCRAM message from the server");
            }
            attributes.putIfAbsent(part.substring(0, 1), part.substring(2));
        }
        return attributes;
    }

    /** RFC 5802's saslname: ',' and '=' are escaped as =2C and =3D. */
    private static String saslName(String name) {
        return name.replace("=", "=3D").replace(",", "=2C");
    }

    /** RFC 5802's Hi(): PBKDF2 with HMAC-SHA-256, one output block. */
    static byte[] hi(byte[] password, byte[] salt, int iterations) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // SecretKeySpec refuses an empty key; HMAC pads short keys with zeros, so one zero
            // byte is the same key as none.
            mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA256"));
            mac.update(salt);
            mac.update(new byte[] {0, 0, 0, 1});
            byte[] u = mac.doFinal();
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is missing from this JVM", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is missing from this JVM", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
