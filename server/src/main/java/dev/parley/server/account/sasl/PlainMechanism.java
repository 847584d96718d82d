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
public final class PlainMechanism extends SingleMessageMechanism {

    public static final String NAME = "PLAIN";

    public PlainMechanism(Authenticator authenticator, SaslContext context) {
        super(authenticator, context);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected CompletableFuture<SaslStep> respond(byte[] clientResponse) {
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

    private static boolean sameAccount(String a, String b) {
        return AccountName.isValid(a) && AccountName.isValid(b) && AccountName.casefold(a).equals(AccountName.casefold(b));
    }
}
