package dev.parley.server.account.sasl;

import dev.parley.server.account.AccountName;
import dev.parley.server.account.AuthFailure;
import dev.parley.server.account.Authenticator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * SASL PLAIN (RFC 4616): one message {@code authzid NUL authcid NUL password}. The password
 * travels as is, so the transport should offer it over TLS only; the {@link Authenticator} still
 * refuses a legacy password over plain text. An authzid, if given, must name the same account:
 * nobody may log in as someone else.
 */
public final class PlainMechanism implements SaslMechanism {

    public static final String NAME = "PLAIN";

    private final Authenticator authenticator;
    private final SaslContext context;
    private boolean used;

    public PlainMechanism(Authenticator authenticator, SaslContext context) {
        this.authenticator = authenticator;
        this.context = context;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized CompletableFuture<SaslStep> step(byte[] clientResponse) {
        if (used) {
            return CompletableFuture.completedFuture(new SaslStep.Failure(AuthFailure.MALFORMED));
        }
        used = true;
        Optional<String[]> fields = SaslMessages.utf8(clientResponse).map(text -> text.split("\0", -1));
        if (fields.isEmpty() || fields.get().length != 3 || fields.get()[1].isEmpty()) {
            return refuse("", AuthFailure.MALFORMED);
        }
        String authzid = fields.get()[0];
        String authcid = fields.get()[1];
        String password = fields.get()[2];
        if (!authzid.isEmpty() && !sameAccount(authzid, authcid)) {
            return refuse(authcid, AuthFailure.NOT_AUTHORIZED);
        }
        return authenticator.authenticatePassword(Authenticator.MECHANISM_PLAIN, authcid, password,
                        context.clientAddress(), context.secureTransport())
                .thenApply(SaslMessages::toStep);
    }

    private CompletableFuture<SaslStep> refuse(String name, AuthFailure reason) {
        return authenticator.refuse(NAME, name, context.clientAddress(), reason).thenApply(SaslMessages::toStep);
    }

    private static boolean sameAccount(String a, String b) {
        return AccountName.isValid(a) && AccountName.isValid(b) && AccountName.casefold(a).equals(AccountName.casefold(b));
    }
}
