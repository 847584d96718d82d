package dev.parley.client;

import dev.parley.client.tofu.Fingerprints;
import dev.parley.client.tofu.KnownServers;
import dev.parley.client.tofu.TofuTrustManager;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Everything {@link ChatClient} needs to know besides the console. Built with {@link #builder};
 * the defaults are those of {@code parley chat}.
 *
 * @param host                the server's host name or address
 * @param port                its port (6697 by default)
 * @param plaintext           connect without TLS (only allowed to loopback addresses)
 * @param expectedFingerprint the certificate fingerprint the user expects (--fingerprint)
 * @param user                the member id, when given up front (--user) instead of asked for
 * @param password            the password, when given up front (PARLEY_PASSWORD)
 * @param knownServers        the file of pinned certificates
 * @param systemTrust         the CAs that vouch for servers, or null to trust no CA
 * @param backoff             the waits between reconnection attempts
 * @param idleTimeout         the silence after which the server is pinged, and then given up on
 * @param replyTimeout        how long the login waits for each answer from the server
 * @param zone                the time zone history times are shown in
 * @param clock               the clock that tells whether a line is from today
 */
public record ChatSettings(String host, int port, boolean plaintext, Optional<String> expectedFingerprint,
                           Optional<String> user, Optional<String> password, Path knownServers,
                           X509ExtendedTrustManager systemTrust, Backoff backoff, Duration idleTimeout,
                           Duration replyTimeout, ZoneId zone, Clock clock) {
    public static final int DEFAULT_PORT = 6697;

    public ChatSettings {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Port out of range: " + port);
        }
        expectedFingerprint = expectedFingerprint.map(Fingerprints::normalize);
    }

    @Override
    public String toString() {
        return "ChatSettings[" + host + ":" + port + (plaintext ? ", plaintext" : "") + ", user=" + user.orElse("?")
                + ", password=" + (password.isPresent() ? "<given>" : "<ask>") + "]";
    }

    public static Builder builder(String host) {
        return new Builder(host);
    }

    /** Builds {@link ChatSettings}; every setter is optional. */
    public static final class Builder {
        private final String host;
        private int port = DEFAULT_PORT;
        private boolean plaintext;
        private String fingerprint;
        private String user;
        private String password;
        private Path knownServers;
        private X509ExtendedTrustManager systemTrust;
        private boolean systemTrustSet;
        private Backoff backoff;
        private Duration idleTimeout = Duration.ofSeconds(120);
        private Duration replyTimeout = Duration.ofSeconds(60);
        private ZoneId zone = ZoneId.systemDefault();
        private Clock clock = Clock.systemUTC();

        private Builder(String host) {
            this.host = host;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder plaintext(boolean value) {
            plaintext = value;
            return this;
        }

        /** The certificate fingerprint to expect (and pin), in any usual notation. */
        public Builder fingerprint(String value) {
            fingerprint = value;
            return this;
        }

        public Builder user(String value) {
            user = value;
            return this;
        }

        public Builder password(String value) {
            password = value;
            return this;
        }

        public Builder knownServers(Path value) {
            knownServers = value;
            return this;
        }

        /** The CAs that may vouch for servers; null trusts no CA (pins only). */
        public Builder systemTrust(X509ExtendedTrustManager value) {
            systemTrust = value;
            systemTrustSet = true;
            return this;
        }

        public Builder backoff(Backoff value) {
            backoff = value;
            return this;
        }

        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        public Builder replyTimeout(Duration value) {
            replyTimeout = value;
            return this;
        }

        public Builder zone(ZoneId value) {
            zone = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        public ChatSettings build() {
            Path known = knownServers != null ? knownServers
                    : KnownServers.defaultFile(System.getenv(), Path.of(System.getProperty("user.home")));
            X509ExtendedTrustManager trust = systemTrustSet ? systemTrust : TofuTrustManager.systemTrustManager();
            Backoff waits = backoff != null ? backoff : Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30));
            return new ChatSettings(host, port, plaintext, Optional.ofNullable(fingerprint), Optional.ofNullable(user),
                    Optional.ofNullable(password), known, trust, waits, idleTimeout, replyTimeout, zone, clock);
        }
    }
}
