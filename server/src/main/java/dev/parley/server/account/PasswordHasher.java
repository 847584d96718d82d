package dev.parley.server.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Argon2id password hashing, stored as PHC strings
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, unpadded standard Base64).
 *
 * <p>Verification reads the parameters from the stored string rather than using this hasher's,
 * so the parameters can be raised later without invalidating stored hashes; {@link #needsRehash}
 * says when a hash should be replaced after a successful login.
 *
 * <p>Each call costs about {@code m} KiB of memory and tens of milliseconds: call it from a
 * bounded worker pool, never from a network thread.
 */
public final class PasswordHasher {

    /**
     * Argon2id cost parameters.
     *
     * @param memoryKiB   memory per hash in KiB
     * @param iterations  passes over the memory
     * @param parallelism lanes
     */
    public record Parameters(int memoryKiB, int iterations, int parallelism) {
        /** OWASP's recommended minimum for Argon2id (19 MiB, 2 passes, 1 lane). */
        public static final Parameters DEFAULT = new Parameters(19456, 2, 1);

        public Parameters {
            if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
                throw new IllegalArgumentException("parallelism out of range: " + parallelism);
            }
            if (iterations < 1 || iterations > MAX_ITERATIONS) {
                throw new IllegalArgumentException("iterations out of range: " + iterations);
            }
            if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
                throw new IllegalArgumentException("memory out of range: " + memoryKiB);
            }
        }
    }

    // Upper bounds refuse absurd costs read back from a tampered or corrupt database.
    private static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
    private static final int MAX_ITERATIONS = 1000;
    private static final int MAX_PARALLELISM = 64;

    private static final Logger log = LoggerFactory.getLogger(PasswordHasher.class);

    private static final String PREFIX = "$argon2id$v=19$";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();
    private static final byte[] DUMMY_SALT = "parley-dummy-salt".getBytes(StandardCharsets.US_ASCII);

    private final Parameters parameters;
    private final SecureRandom random;

    /** A hasher with {@link Parameters#DEFAULT}. */
    public PasswordHasher() {
        this(Parameters.DEFAULT);
    }

    /** A hasher with other parameters (e.g. small ones to keep tests fast). */
    public PasswordHasher(Parameters parameters) {
        this(parameters, new SecureRandom());
    }

    public PasswordHasher(Parameters parameters, SecureRandom random) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.random = Objects.requireNonNull(random, "random");
    }

    public Parameters parameters() {
        return parameters;
    }

    /** Hashes {@code password} with a new random salt and this hasher's parameters. */
    public String hash(String password) {
        Objects.requireNonNull(password, "password");
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2(password, salt, parameters, HASH_BYTES);
        return PREFIX + "m=" + parameters.memoryKiB() + ",t=" + parameters.iterations()
                + ",p=" + parameters.parallelism() + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * Whether {@code password} matches the PHC string {@code stored}, using the parameters in
     * it. A malformed string never matches.
     */
    public boolean verify(String password, String stored) {
        if (password == null) {
            return false;
        }
        Phc phc = Phc.parse(stored);
        if (phc == null) {
            // The stored value itself is not logged: it is a password hash.
            log.warn("A stored password hash is malformed; the login is refused");
            verifyDummy(password);
            return false;
        }
        byte[] actual = argon2(password, phc.salt, phc.parameters, phc.hash.length);
        return MessageDigest.isEqual(actual, phc.hash);
    }

    /**
     * Does the work of one {@link #verify} with this hasher's parameters and throws it away, so
     * that a login for an unknown account takes as long as one with a wrong password.
     */
    public void verifyDummy(String password) {
        argon2(password == null ? "" : password, DUMMY_SALT, parameters, HASH_BYTES);
    }

    /** Whether {@code stored} should be replaced by a fresh hash with this hasher's parameters. */
    public boolean needsRehash(String stored) {
        Phc phc = Phc.parse(stored);
        return phc == null || !phc.parameters.equals(parameters)
                || phc.salt.length < SALT_BYTES || phc.hash.length != HASH_BYTES;
    }

    private static byte[] argon2(String password, byte[] salt, Parameters p, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(p.memoryKiB())
                .withIterations(p.iterations())
                .withParallelism(p.parallelism())
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] passwordBytes = password.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[length];
        try {
            generator.generateBytes(passwordBytes, out);
        } finally {
            Arrays.fill(passwordBytes, (byte) 0);
        }
        return out;
    }

    /** A parsed {@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}; {@code null} when malformed. */
    private record Phc(Parameters parameters, byte[] salt, byte[] hash) {
        static Phc parse(String s) {
            if (s == null || !s.startsWith(PREFIX)) {
                return null;
            }
            String[] parts = s.substring(PREFIX.length()).split("\\$", -1);
            if (parts.length != 3) {
                return null;
            }
            Map<String, Integer> values = new HashMap<>();
            for (String pair : parts[0].split(",", -1)) {
                int eq = pair.indexOf('=');
                if (eq <= 0 || pair.length() - eq > 11) {
                    return null;
                }
                try {
                    if (values.put(pair.substring(0, eq), Integer.parseInt(pair.substring(eq + 1))) != null) {
                        return null;
                    }
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            if (values.size() != 3 || !values.containsKey("m") || !values.containsKey("t") || !values.containsKey("p")) {
                return null;
            }
            try {
                Parameters parameters = new Parameters(values.get("m"), values.get("t"), values.get("p"));
                byte[] salt = B64_DECODER.decode(parts[1]);
                byte[] hash = B64_DECODER.decode(parts[2]);
                if (salt.length < 8 || salt.length > 64 || hash.length < 16 || hash.length > 64) {
                    return null;
                }
                return new Phc(parameters, salt, hash);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
