package dev.parley.server.account.sasl;

import dev.parley.server.account.Authenticator;
import dev.parley.server.account.LoginThrottle;
import dev.parley.server.account.PasswordHasher;
import dev.parley.server.account.SqliteAccountStore;
import dev.parley.server.store.Database;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** A real store in a temporary directory and an Authenticator over it, for the mechanism tests. */
final class SaslTestSupport implements AutoCloseable {

    static final PasswordHasher.Parameters FAST = new PasswordHasher.Parameters(64, 1, 1);

    final Clock clock = Clock.fixed(Instant.parse("2025-05-06T07:08:09Z"), ZoneOffset.UTC);
    final Database db;
    final SqliteAccountStore store;
    final ExecutorService executor = Authenticator.newExecutor(2, 16);
    final Authenticator authenticator;

    SaslTestSupport(Path dir, SecureRandom storeRandom, int scramIterations) {
        this(dir, storeRandom, scramIterations, LoginThrottle.Limits.DEFAULT);
    }

    SaslTestSupport(Path dir, SecureRandom storeRandom, int scramIterations, LoginThrottle.Limits throttleLimits) {
        db = Database.open(dir);
        PasswordHasher hasher = new PasswordHasher(FAST);
        store = new SqliteAccountStore(db, hasher, scramIterations, clock, storeRandom);
        authenticator = new Authenticator(store, hasher, new LoginThrottle(throttleLimits, clock), executor, clock,
                scramIterations);
    }

    SaslTestSupport(Path dir) {
        this(dir, new SecureRandom(), 4096);
    }

    static InetAddress ip() {
        try {
            return InetAddress.getByName("198.51.100.20");
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static SaslContext tls() {
        return new SaslContext(ip(), true, Optional.empty());
    }

    static SaslContext plainText() {
        return new SaslContext(ip(), false, Optional.empty());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(SaslStep step) {
        return new String(((SaslStep.Challenge) step).data(), StandardCharsets.UTF_8);
    }

    static SaslStep get(CompletableFuture<SaslStep> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        db.close();
    }
}
