package dev.parley.server.account.sasl;

import dev.parley.server.account.AuthFailure;
import dev.parley.server.account.Authenticator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * SASL EXTERNAL (RFC 4422 appendix A): the TLS client certificate is the credential. The client's
 * one message is an optional authzid, which must then name the certificate's account.
 */
public final class ExternalMechanism implements SaslMechanism {

    public static final String NAME = "EXTERNAL";

    private final Authenticator authenticator;
    private final SaslContext context;
    private boolean used;

    public ExternalMechanism(Authenticator authenticator, SaslContext context) {
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
        Optional<String> authzid = SaslMessages.utf8(clientResponse);
        if (authzid.isEmpty() || authzid.get().indexOf('\0') >= 0) {
            return authenticator.refuse(NAME, "", context.clientAddress(), AuthFailure.MALFORMED)
                    .thenApply(SaslMessages::toStep);
        }
        return authenticator.authenticateCertificate(context.certFingerprint(), authzid.get(), context.clientAddress())
                .thenApply(SaslMessages::toStep);
    }
}
