package dev.parley.server.account;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;

/**
 * SCRAM keys no proof can match, shown when there are no real ones (an unknown account, one with
 * only a legacy hash, a refused exchange), so that the exchange looks the same as for a real
 * account.
 */
final class FakeScramKeys {
    private static final String FAKE_SALT_SECRET = "scram-fake-salt";

    private final AccountStore store;
    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    private volatile byte[] fakeSaltSecret;

    /** @param iterations the iteration count of new real keys, so that fake ones show the same */
    FakeScramKeys(AccountStore store, int iterations) {
        this.store = store;
        this.iterations = iterations;
    }

    /**
     * Keys with a salt derived from a persistent server secret and the name, so asking twice
     * (even across restarts) gives the same salt, as it would for a real account.
     */
    ScramCredentials forName(String name) {
        String key = AccountName.isValid(name) ? AccountName.casefold(name) : name.toLowerCase(Locale.ROOT);
        byte[] mac = ScramCredentials.hmac(fakeSaltSecret(), ("salt\0" + key).getBytes(StandardCharsets.UTF_8));
        return randomKeys(Arrays.copyOf(mac, ScramCredentials.SALT_BYTES));
    }

    /** Keys with a random salt, made without the store: for an exchange refused before any account is looked up. */
    ScramCredentials withoutStore() {
        byte[] salt = new byte[ScramCredentials.SALT_BYTES];
        random.nextBytes(salt);
        return randomKeys(salt);
    }

    private ScramCredentials randomKeys(byte[] salt) {
        byte[] storedKey = new byte[32];
        byte[] serverKey = new byte[32];
        random.nextBytes(storedKey);
        random.nextBytes(serverKey);
        return new ScramCredentials(salt, iterations, storedKey, serverKey);
    }

    private byte[] fakeSaltSecret() {
        byte[] secret = fakeSaltSecret;
        if (secret == null) {
            secret = store.serverSecret(FAKE_SALT_SECRET);
            fakeSaltSecret = secret;
        }
        return secret;
    }
}
