package dev.parley.server.account.sasl;

import dev.parley.server.account.AuthFailure;
import dev.parley.server.account.Authenticator;
import java.util.concurrent.CompletableFuture;

/**
 * A mechanism whose whole exchange is one client message (PLAIN, EXTERNAL): a second message is
 * malformed, whatever it says.
 */
abstract class SingleMessageMechanism implements SaslMechanism {
    protected final Authenticator authenticator;
    protected final SaslContext context;
    private boolean used;

    SingleMessageMechanism(Authenticator authenticator, SaslContext context) {
        this.authenticator = authenticator;
        this.context = context;
    }

    @Override
    public final synchronized CompletableFuture<SaslStep> step(byte[] clientResponse) {
        if (used) {
            return CompletableFuture.completedFuture(new SaslStep.Failure(AuthFailure.MALFORMED));
        }
        used = true;
        return respond(clientResponse);
    }

    /** Checks the client's one message. */
    protected abstract CompletableFuture<SaslStep> respond(byte[] clientResponse);

    protected CompletableFuture<SaslStep> refuse(String nameGiven, AuthFailure reason) {
        return authenticator.refuse(name(), nameGiven, context.clientAddress(), reason).thenApply(SaslMessages::toStep);
    }
}
