package dev.parley.client;

import dev.parley.client.tofu.KnownServers;
import dev.parley.client.tofu.TrustDecision;
import dev.parley.client.ui.Console;
import java.io.IOException;
import java.util.Optional;

/**
 * The user's side of trust on first use: the pinned certificate of this server, the question when
 * an unknown one shows up, the warning when a pinned one has changed, and pinning what was trusted.
 */
final class ServerTrust {
    private final ChatSettings settings;
    private final Console console;
    private final KnownServers knownServers;

    ServerTrust(ChatSettings settings, Console console, KnownServers knownServers) {
        this.settings = settings;
        this.console = console;
        this.knownServers = knownServers;
    }

    Optional<String> readPin() throws Stop {
        try {
            return knownServers.pinned(settings.host(), settings.port());
        } catch (IOException | RuntimeException e) {
            console.println("parley: cannot read " + knownServers.file() + ": " + e.getMessage());
            throw new Stop(ChatClient.EXIT_UNTRUSTED);
        }
    }

    /** --fingerprint pins ahead of time: once the server showed that very certificate, remember it. */
    void pinIfExpected(TrustDecision decision) throws Stop {
        if (decision != null && settings.expectedFingerprint().isPresent()
                && decision.verdict() == TrustDecision.Verdict.PINNED) {
            try {
                if (!knownServers.pinned(settings.host(), settings.port()).equals(Optional.of(decision.fingerprint()))) {
                    knownServers.pin(settings.host(), settings.port(), decision.fingerprint());
                }
            } catch (IOException e) {
                console.println("parley: cannot write " + knownServers.file() + ": " + e.getMessage());
                throw new Stop(ChatClient.EXIT_UNTRUSTED);
            }
        }
    }

    /** Tells the user about a certificate that was not trusted; true when they chose to trust it. */
    boolean trustNow(TrustDecision decision, boolean mayAsk) throws Stop {
        String server = KnownServers.key(settings.host(), settings.port());
        switch (decision.verdict()) {
            case UNKNOWN -> {
                if (!mayAsk) {
                    console.println("The server " + server + " now shows a certificate nobody vouches for "
                            + "(SHA-256 " + decision.fingerprint() + "). Not reconnecting.");
                    return false;
                }
                String question = "New server certificate SHA-256 " + decision.fingerprint() + "; trust it? [y/N]";
                if (!console.interactive()) {
                    // Nobody to answer: a script must say up front which certificate it expects.
                    console.println(question + " Not asking without a terminal.");
                }
                if (!console.interactive() || !console.confirm(question)) {
                    console.println("Not trusted; not connecting. Check the fingerprint with the server's "
                            + "administrator, then pass it with --fingerprint.");
                    return false;
                }
                try {
                    knownServers.pin(settings.host(), settings.port(), decision.fingerprint());
                } catch (IOException e) {
                    console.println("parley: cannot write " + knownServers.file() + ": " + e.getMessage());
                    throw new Stop(ChatClient.EXIT_UNTRUSTED);
                }
                return true;
            }
            case CHANGED -> {
                console.println("@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@");
                console.println("@    WARNING: THE SERVER'S CERTIFICATE HAS CHANGED!       @");
                console.println("@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@");
                console.println("The certificate of " + server + " is not the one you trusted before.");
                console.println("Someone may be intercepting your connection (a man-in-the-middle attack),");
                console.println("or the server's administrator has replaced its certificate.");
                console.println("  trusted:  SHA-256 " + decision.pinned());
                console.println("  now:      SHA-256 " + decision.fingerprint());
                console.println("If the administrator confirms the new fingerprint, remove the line for " + server);
                console.println("from " + knownServers.file() + " or pass --fingerprint with the new one.");
                console.println("Not connecting.");
                return false;
            }
            default -> {
                console.println("The certificate of " + server + " (SHA-256 " + decision.fingerprint()
                        + ") is not the one given with --fingerprint (" + decision.pinned() + "). Not connecting.");
                return false;
            }
        }
    }
}
