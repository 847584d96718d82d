package dev.parley.server.account.sasl;

import dev.parley.server.account.Authenticator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The SASL mechanisms the server offers, and the way to start an exchange by name (as in
 * IRC's {@code AUTHENTICATE <mechanism>}).
 */
public final class SaslMechanisms {

    /** In order of preference, for e.g. the IRCv3 {@code sasl=} capability value. */
    public static final List<String> NAMES =
            List.of(ScramSha256Mechanism.NAME, PlainMechanism.NAME, ExternalMechanism.NAME);

    private final Authenticator authenticator;
    private final Supplier<String> scramNonces;
    private final boolean scram;

    public SaslMechanisms(Authenticator authenticator) {
        this(authenticator, true);
    }

    /** @param scram whether SCRAM-SHA-256 is offered (the operator may turn it off, {@code [auth] scram}) */
    public SaslMechanisms(Authenticator authenticator, boolean scram) {
        this(authenticator, ScramSha256Mechanism::randomNonce, scram);
    }

    /** @param scramNonces makes SCRAM server nonces; tests inject fixed ones */
    public SaslMechanisms(Authenticator authenticator, Supplier<String> scramNonces) {
        this(authenticator, scramNonces, true);
    }

    private SaslMechanisms(Authenticator authenticator, Supplier<String> scramNonces, boolean scram) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.scramNonces = Objects.requireNonNull(scramNonces, "scramNonces");
        this.scram = scram;
    }

    /** The mechanisms offered, in order of preference. */
    public List<String> names() {
        return scram ? NAMES : NAMES.stream().filter(name -> !name.equals(ScramSha256Mechanism.NAME)).toList();
    }

    /** A new exchange of the named mechanism (any letter case), or empty if it is not offered. */
    public Optional<SaslMechanism> start(String name, SaslContext context) {
        Objects.requireNonNull(context, "context");
        return switch (name == null ? "" : name.toUpperCase(Locale.ROOT)) {
            case PlainMechanism.NAME -> Optional.of(new PlainMechanism(authenticator, context));
            case ScramSha256Mechanism.NAME -> scram
                    ? Optional.of(new ScramSha256Mechanism(authenticator, context, scramNonces)) : Optional.empty();
            case ExternalMechanism.NAME -> Optional.of(new ExternalMechanism(authenticator, context));
            default -> Optional.empty();
        };
    }
}
