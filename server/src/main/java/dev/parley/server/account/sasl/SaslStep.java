package dev.parley.server.account.sasl;

import dev.parley.server.account.Account;
import dev.parley.server.account.AuthFailure;
import java.util.Objects;
import java.util.Optional;

/** What a {@link SaslMechanism} answers to one client message. */
public sealed interface SaslStep {

    /** Send {@code data} to the client and pass its reply to the next {@code step}. */
    record Challenge(byte[] data) implements SaslStep {
        public Challenge {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    /** The client is logged in as {@code account}; the exchange is over. */
    record Success(Account account) implements SaslStep {
        public Success {
            Objects.requireNonNull(account, "account");
        }
    }

    /**
     * The exchange failed; it is over.
     *
     * @param mechanismError for SCRAM, the RFC 5802 {@code e=} value (e.g. {@code invalid-proof}) for
     *                       protocols that carry data with a failure; IRC does not, and only sends
     *                       the failure numeric
     */
    record Failure(AuthFailure reason, Optional<String> mechanismError) implements SaslStep {
        public Failure(AuthFailure reason) {
            this(reason, Optional.empty());
        }
    }
}
