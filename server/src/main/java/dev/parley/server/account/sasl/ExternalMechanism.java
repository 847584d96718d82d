package dev.parley.server.account.sasl;

import dev.parley.server.account.AuthFailure;
import dev.parley.server.account.Authenticator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * SASL EXTERNAL (RFC 4422 appendix A): the TLS client certificate is the credential. The client's
 * one message is an optional authzid, which must then name the certificate's account.
 */
public final class ExternalMechanism extends SingleMessageMechanism {

    public static final String NAME = "EXTERNAL";

    public ExternalMechanism(Authenticator authenticator, SaslContext context) {
        super(authenticator, context);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected CompletableFuture<SaslStep> respond(byte[] clientResponse) {
        Optional<String> authzid = SaslMessages.utf8(clientResponse);
        if (authzid.isEmpty() || authzid.get().indexOf('\0') >= 0) {
            return refuse("", AuthFailure.MALFORMED);
        }
        return authenticator.authenticateCertificate(context.certFingerprint(), authzid.get(), context.clientAddress())
                .thenApply(SaslMessages::toStep);
    }
}
