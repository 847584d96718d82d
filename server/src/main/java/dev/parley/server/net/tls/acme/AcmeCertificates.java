package dev.parley.server.net.tls.acme;

import dev.parley.server.config.ParleyConfig.AcmeSection;
import dev.parley.server.net.tls.CertifiedKey;
import dev.parley.server.net.tls.Fingerprint;
import dev.parley.server.net.tls.ServerTlsContext;
import dev.parley.server.net.tls.TlsConfigException;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.shredzone.acme4j.exception.AcmeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the server's certificate obtained and renewed from an ACME CA ({@code [tls.acme]}).
 *
 * <p>One thread of its own ("acme") does everything that talks to the CA or the disk: it looks at
 * the stored certificate, sleeps until it is due ({@link RenewalSchedule}), obtains a new one
 * ({@link CertificateAuthority}), stores it ({@link AcmeFiles}) and then has the
 * {@link ServerTlsContext} reload, the same step SIGHUP takes: every TLS listener gives the new
 * certificate to new connections, and connections already open keep theirs. A failed attempt
 * keeps whatever is served and is tried again after a back-off.
 *
 * <p>Until the first certificate arrives the server serves its self-signed one.
 */
public final class AcmeCertificates implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AcmeCertificates.class);
    /** Every address: the CA connects from the internet to whatever the domain resolves to. */
    private static final String HTTP_HOST = "0.0.0.0";

    private final AcmeSection settings;
    private final ServerTlsContext tls;
    private final AcmeFiles files;
    private final ChallengeAnswer answer;
    private final CertificateAuthority authority;
    private final RenewalSchedule schedule;
    private final ScheduledExecutorService thread;
    /** Failed attempts in a row; touched by the ACME thread only. */
    private int failures;

    private AcmeCertificates(AcmeSection settings, Path dataDir, ServerTlsContext tls, ChallengeAnswer answer,
                             DirectoryTrust trust) {
        this.settings = settings;
        this.tls = tls;
        this.files = new AcmeFiles(dataDir);
        this.answer = answer;
        this.authority = new CertificateAuthority(settings, trust, answer);
        this.schedule = new RenewalSchedule(Duration.ofDays(settings.renewBeforeDays()));
        this.thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "acme");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens the HTTP-01 port (for HTTP-01) and starts looking after the certificate: at once if there is none
     * yet or it is due, otherwise when it is.
     *
     * @param group the event loops the HTTP-01 responder runs on
     * @throws TlsConfigException if {@code trust_file} cannot be read or the HTTP-01 port cannot be had
     */
    public static AcmeCertificates start(AcmeSection settings, Path dataDir, ServerTlsContext tls,
                                         EventLoopGroup group) throws TlsConfigException, InterruptedException {
        DirectoryTrust trust = settings.trustFile().isPresent() ? DirectoryTrust.of(settings.trustFile().get()) : null;
        ChallengeAnswer answer = settings.challenge().equals(AcmeSection.TLS_ALPN_01)
                ? new TlsAlpn01Answer(tls.alpnChallenges())
                : Http01Responder.bind(group, HTTP_HOST, settings.httpPort());
        AcmeCertificates acme = new AcmeCertificates(settings, dataDir, tls, answer, trust);
        LOG.info("ACME: answering {} challenges on {} for {}", answer.type().toUpperCase(Locale.ROOT), answer.where(),
                settings.domains());
        if (tls.isSelfSigned()) {
            LOG.info("ACME: no certificate for {} yet; serving the self-signed certificate until one arrives",
                    settings.domains());
        }
        acme.thread.execute(acme::check);
        return acme;
    }

    private void check() {
        Optional<CertifiedKey> stored;
        try {
            stored = files.certificate();
        } catch (TlsConfigException e) {
            LOG.warn("ACME: the stored certificate cannot be used ({}); obtaining a new one", e.getMessage());
            stored = Optional.empty();
        }
        Optional<Instant> due = stored
                .filter(key -> RenewalSchedule.covers(key.certificate(), settings.domains()))
                .map(key -> schedule.renewalTime(key.certificate()));
        Instant now = Instant.now();
        if (due.isPresent() && due.get().isAfter(now)) {
            Duration wait = Duration.between(now, due.get());
            thread.schedule(this::check, Math.min(wait.toMillis(), RenewalSchedule.LONGEST_WAIT.toMillis()),
                    TimeUnit.MILLISECONDS);
            return;
        }
        obtain(stored.isPresent());
    }

    private void obtain(boolean renewing) {
        LOG.info("ACME: {} a certificate for {} from {}", renewing ? "renewing" : "requesting",
                settings.domains(), settings.directory());
        try {
            CertifiedKey obtained = authority.obtain(files.accountKey());
            files.save(obtained);
            Fingerprint served = tls.reload();
            LOG.info("ACME: new certificate for {} in use, valid until {}, SHA-256 fingerprint {}",
                    settings.domains(), obtained.certificate().getNotAfter().toInstant(), served);
            if (!schedule.renewalTime(obtained.certificate()).isAfter(Instant.now())) {
                // Only a clock far off makes a fresh certificate due at once; do not ask the CA in a loop.
                throw new AcmeException("the new certificate is already due for renewal (valid from "
                        + obtained.certificate().getNotBefore().toInstant() + "); is the clock right?");
            }
            failures = 0;
            check();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
        } catch (AcmeException | IOException | TlsConfigException | RuntimeException e) {
            failures++;
            Duration wait = RenewalSchedule.backOff(failures);
            String kept = tls.isSelfSigned() ? "still serving the self-signed certificate"
                    : "keeping the current certificate (valid until " + tls.certificate().getNotAfter().toInstant() + ")";
            LOG.warn("ACME: failed attempt {} for {}: {}; {}; next attempt in {} minutes", failures,
                    settings.domains(), oneLine(e), kept, wait.toMinutes());
            thread.schedule(this::check, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The exception's first line, and what caused it when there is a cause ("Network error" alone says little). */
    private static String oneLine(Throwable e) {
        String message = firstLine(e);
        Throwable cause = e.getCause();
        if (cause == null || cause == e) {
            return message;
        }
        String because = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + firstLine(cause));
        return message.contains(firstLine(cause)) ? message : message + " (" + because + ")";
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    /** Stops the ACME thread (an attempt under way is abandoned) and closes the HTTP-01 port, if any. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        answer.close();
    }
}
