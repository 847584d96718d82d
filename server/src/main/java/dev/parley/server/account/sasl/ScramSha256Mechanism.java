package dev.parley.server.account.sasl;

import dev.parley.server.account.Account;
import dev.parley.server.account.AccountName;
import dev.parley.server.account.AuthFailure;
import dev.parley.server.account.AuthResult;
import dev.parley.server.account.Authenticator;
import dev.parley.server.account.ScramLookup;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * SASL SCRAM-SHA-256 (RFC 5802, RFC 7677), server side, without channel binding: the client
 * proves it knows the password without sending it, and the server proves it holds the account's
 * keys. Three client messages:
 * <ol>
 *   <li>client-first {@code n,,n=<name>,r=<nonce>} → challenge server-first
 *       {@code r=<nonce+server nonce>,s=<salt>,i=<iterations>};</li>
 *   <li>client-final {@code c=biws,r=<nonce>,p=<proof>} → the proof is checked, and on success the
 *       challenge server-final {@code v=<server signature>};</li>
 *   <li>an empty message → success.</li>
 * </ol>
 * Server-final is sent as a challenge and success comes after the client's empty reply, as
 * RFC 4422 prescribes for protocols that cannot carry data with the outcome (IRC among them). The
 * login itself (audit, last login) is recorded when the proof checks out.
 *
 * <p>An unknown account, or one that only has a legacy hash, gets a fake salt that is stable for
 * its name, and then fails at the proof like a wrong password.
 */
public final class ScramSha256Mechanism implements SaslMechanism {

    public static final String NAME = "SCRAM-SHA-256";

    private enum State { CLIENT_FIRST, WORKING, CLIENT_FINAL, CLIENT_ACK, DONE }

    private static final SecureRandom NONCE_RANDOM = new SecureRandom();

    private final Authenticator authenticator;
    private final SaslContext context;
    private final Supplier<String> serverNonces;
    private State state = State.CLIENT_FIRST;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private String nameGiven = "";
    private ScramLookup lookup;
    private Account account;

    /** @param serverNonces makes the server's part of the nonce; tests inject a fixed one */
    public ScramSha256Mechanism(Authenticator authenticator, SaslContext context, Supplier<String> serverNonces) {
        this.authenticator = authenticator;
        this.context = context;
        this.serverNonces = serverNonces;
    }

    public ScramSha256Mechanism(Authenticator authenticator, SaslContext context) {
        this(authenticator, context, ScramSha256Mechanism::randomNonce);
    }

    /** 18 random bytes in Base64: 144 bits, and no ',' (which would end the attribute). */
    public static String randomNonce() {
        byte[] bytes = new byte[18];
        NONCE_RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized CompletableFuture<SaslStep> step(byte[] clientResponse) {
        Optional<String> message = SaslMessages.utf8(clientResponse);
        return switch (state) {
            case CLIENT_FIRST -> message.isEmpty() ? fail(AuthFailure.MALFORMED, "invalid-encoding")
                    : clientFirst(message.get());
            case CLIENT_FINAL -> message.isEmpty() ? fail(AuthFailure.MALFORMED, "invalid-encoding")
                    : clientFinal(message.get());
            case CLIENT_ACK -> clientAck(clientResponse);
            case WORKING, DONE -> {
                state = State.DONE;
                yield CompletableFuture.completedFuture(new SaslStep.Failure(AuthFailure.MALFORMED));
            }
        };
    }

    private CompletableFuture<SaslStep> clientFirst(String message) {
        // gs2-header: channel-binding flag "," [ "a=" authzid ] ","
        String flag;
        if (message.startsWith("n,") || message.startsWith("y,")) {
            // "y": the client could bind but believes we cannot; true, we offer no -PLUS variant.
            flag = message.substring(0, 1);
        } else if (message.startsWith("p=")) {
            return fail(AuthFailure.MALFORMED, "channel-binding-not-supported");
        } else {
            return fail(AuthFailure.MALFORMED, "other-error");
        }
        int authzidEnd = message.indexOf(',', flag.length() + 1);
        if (authzidEnd < 0) {
            return fail(AuthFailure.MALFORMED, "other-error");
        }
        String authzidField = message.substring(flag.length() + 1, authzidEnd);
        gs2Header = message.substring(0, authzidEnd + 1);
        clientFirstBare = message.substring(authzidEnd + 1);

        String[] attributes = clientFirstBare.split(",", -1);
        if (attributes.length < 2 || attributes[0].startsWith("m=")) {
            return fail(AuthFailure.MALFORMED, attributes[0].startsWith("m=") ? "extensions-not-supported" : "other-error");
        }
        Optional<String> name = attributes[0].startsWith("n=") ? decodeSaslName(attributes[0].substring(2)) : Optional.empty();
        if (name.isEmpty() || name.get().isEmpty()) {
            return fail(AuthFailure.MALFORMED, "invalid-username-encoding");
        }
        nameGiven = name.get();
        if (!attributes[1].startsWith("r=") || !isValidNonce(attributes[1].substring(2))) {
            return fail(AuthFailure.MALFORMED, "other-error");
        }
        String clientNonce = attributes[1].substring(2);
        if (!authzidField.isEmpty()) {
            Optional<String> authzid = authzidField.startsWith("a=")
                    ? decodeSaslName(authzidField.substring(2)) : Optional.empty();
            if (authzid.isEmpty()) {
                return fail(AuthFailure.MALFORMED, "other-error");
            }
            if (!sameAccount(authzid.get(), nameGiven)) {
                return fail(AuthFailure.NOT_AUTHORIZED, "other-error");
            }
        }
        String serverNonce = serverNonces.get();
        if (!isValidNonce(serverNonce)) {
            throw new IllegalStateException("the server nonce generator made an unusable nonce");
        }
        nonce = clientNonce + serverNonce;
        state = State.WORKING;
        return authenticator.lookupScram(nameGiven, context.clientAddress()).thenApply(this::serverFirst);
    }

    private synchronized SaslStep serverFirst(ScramLookup found) {
        if (state != State.WORKING) {
            return new SaslStep.Failure(AuthFailure.MALFORMED); // the client spoke out of turn meanwhile
        }
        if (found.refusal().isPresent()) {
            state = State.DONE;
            return new SaslStep.Failure(found.refusal().get(), Optional.of("other-error"));
        }
        lookup = found;
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(found.salt()) + ",i=" + found.iterations();
        state = State.CLIENT_FINAL;
        return new SaslStep.Challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
    }

    private CompletableFuture<SaslStep> clientFinal(String message) {
        // The proof is the last attribute, and what it signs is everything before it.
        int proofAt = message.lastIndexOf(",p=");
        if (proofAt < 0) {
            return fail(AuthFailure.MALFORMED, "other-error");
        }
        String withoutProof = message.substring(0, proofAt);
        String[] attributes = withoutProof.split(",", -1);
        String expectedBinding = Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8));
        if (attributes.length < 2 || !attributes[0].equals("c=" + expectedBinding)) {
            return fail(AuthFailure.MALFORMED, "channel-bindings-dont-match");
        }
        if (!attributes[1].equals("r=" + nonce)) {
            return fail(AuthFailure.MALFORMED, "other-error");
        }
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(message.substring(proofAt + 3));
        } catch (IllegalArgumentException e) {
            return fail(AuthFailure.MALFORMED, "invalid-encoding");
        }
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] authMessageBytes = authMessage.getBytes(StandardCharsets.UTF_8);
        state = State.WORKING;
        return authenticator.completeScram(lookup, proof, authMessageBytes, context.clientAddress())
                .thenApply(result -> serverFinal(result, authMessageBytes));
    }

    private synchronized SaslStep serverFinal(AuthResult result, byte[] authMessage) {
        if (state != State.WORKING) {
            return new SaslStep.Failure(AuthFailure.MALFORMED);
        }
        if (result instanceof AuthResult.Success success) {
            account = success.account();
            state = State.CLIENT_ACK;
            String verifier = "v=" + Base64.getEncoder().encodeToString(lookup.serverSignature(authMessage));
            return new SaslStep.Challenge(verifier.getBytes(StandardCharsets.UTF_8));
        }
        state = State.DONE;
        AuthFailure reason = ((AuthResult.Failure) result).reason();
        return new SaslStep.Failure(reason,
                Optional.of(reason == AuthFailure.BAD_CREDENTIALS ? "invalid-proof" : "other-error"));
    }

    private CompletableFuture<SaslStep> clientAck(byte[] response) {
        state = State.DONE;
        if (response != null && response.length == 0) {
            return CompletableFuture.completedFuture(new SaslStep.Success(account));
        }
        return CompletableFuture.completedFuture(new SaslStep.Failure(AuthFailure.MALFORMED));
    }

    /** Ends the exchange, auditing the attempt. */
    private CompletableFuture<SaslStep> fail(AuthFailure reason, String scramError) {
        state = State.DONE;
        return authenticator.refuse(NAME, nameGiven, context.clientAddress(), reason)
                .thenApply(result -> new SaslStep.Failure(((AuthResult.Failure) result).reason(),
                        Optional.of(scramError)));
    }

    /** RFC 5802 saslname: ',' and '=' are escaped as =2C and =3D, and no other '=' may appear. */
    private static Optional<String> decodeSaslName(String encoded) {
        StringBuilder out = new StringBuilder(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '=') {
                if (encoded.startsWith("=2C", i)) {
                    out.append(',');
                } else if (encoded.startsWith("=3D", i)) {
                    out.append('=');
                } else {
                    return Optional.empty();
                }
                i += 2;
            } else if (c == ',' || c == '\0') {
                return Optional.empty();
            } else {
                out.append(c);
            }
        }
        return Optional.of(out.toString());
    }

    /** Printable ASCII except ','. */
    private static boolean isValidNonce(String nonce) {
        return nonce != null && !nonce.isEmpty() && nonce.chars().allMatch(c -> c >= 0x21 && c <= 0x7E && c != ',');
    }

    private static boolean sameAccount(String a, String b) {
        return AccountName.isValid(a) && AccountName.isValid(b) && AccountName.casefold(a).equals(AccountName.casefold(b));
    }
}
