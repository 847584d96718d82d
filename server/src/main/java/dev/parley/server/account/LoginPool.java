package dev.parley.server.account;

import dev.parley.server.logging.ClientText;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the {@link Authenticator}'s checks run: a small bounded executor, because Argon2 and
 * storage must not run on network threads, and a flood of logins must queue (or be refused as
 * {@link AuthFailure#UNAVAILABLE}) rather than exhaust memory. Every check it runs is audited, and
 * every failure, including a full queue, becomes a result rather than an exception.
 */
final class LoginPool implements AutoCloseable {
    // Logs as the Authenticator: log settings set the level of every login line by that one name.
    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);
    private static final Duration QUEUE_FULL_WARNING_INTERVAL = Duration.ofMinutes(1);

    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final Clock clock;
    private final LoginAuditor auditor;
    private final AtomicLong lastQueueFullWarning = new AtomicLong(Long.MIN_VALUE / 2);

    /** @param ownsExecutor whether {@link #close()} shuts {@code executor} down */
    LoginPool(ExecutorService executor, boolean ownsExecutor, Clock clock, LoginAuditor auditor) {
        this.executor = executor;
        this.ownsExecutor = ownsExecutor;
        this.clock = clock;
        this.auditor = auditor;
    }

    /** See {@link Authenticator#newExecutor}. */
    static ExecutorService newExecutor(int threads, int queueCapacity) {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), runnable -> {
                    Thread thread = new Thread(runnable, "parley-auth-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Runs a check on the executor, audits its result, and turns every failure into a result. */
    CompletableFuture<AuthResult> submit(String mechanism, String nameGiven, InetAddress ip,
                                         Supplier<AuthResult> check) {
        Objects.requireNonNull(ip, "ip");
        return supply(() -> checkAndAudit(mechanism, nameGiven, ip, check),
                () -> AuthResult.failure(AuthFailure.UNAVAILABLE), ip);
    }

    /**
     * Runs {@code task} on the executor; when its queue is full, completes with {@code whenFull}
     * at once instead. {@code task} must not throw, or the future never completes.
     *
     * @param ip who asked, for the warning about a full queue
     */
    <T> CompletableFuture<T> supply(Supplier<T> task, Supplier<T> whenFull, InetAddress ip) {
        CompletableFuture<T> future = new CompletableFuture<>();
        try {
            executor.execute(() -> future.complete(task.get()));
        } catch (RejectedExecutionException e) {
            warnQueueFull(ip);
            future.complete(whenFull.get());
        }
        return future;
    }

    private AuthResult checkAndAudit(String mechanism, String nameGiven, InetAddress ip, Supplier<AuthResult> check) {
        AuthResult result;
        try {
            result = check.get();
        } catch (RuntimeException e) {
            log.error("Could not check a {} login for account {} from {}", mechanism,
                    ClientText.forLog(nameGiven), ip.getHostAddress(), e);
            result = AuthResult.failure(AuthFailure.UNAVAILABLE);
        }
        try {
            auditor.record(mechanism, nameGiven, ip, result);
        } catch (RuntimeException e) {
            // Fail closed: a login that cannot be audited does not happen.
            log.error("Could not audit a {} login for account {} from {}", mechanism,
                    ClientText.forLog(nameGiven), ip.getHostAddress(), e);
            result = AuthResult.failure(AuthFailure.UNAVAILABLE);
        }
        return result;
    }

    /** At most one warning a minute: under a flood, the log must not become the next problem. */
    private void warnQueueFull(InetAddress ip) {
        long now = clock.millis();
        long last = lastQueueFullWarning.get();
        if (now - last >= QUEUE_FULL_WARNING_INTERVAL.toMillis() && lastQueueFullWarning.compareAndSet(last, now)) {
            log.warn("Login checks are queued to the limit; refusing logins for now (latest from {})",
                    ip.getHostAddress());
        }
    }

    @Override
    public void close() {
        if (!ownsExecutor) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
