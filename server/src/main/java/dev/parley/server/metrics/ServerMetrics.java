package dev.parley.server.metrics;

import dev.parley.server.account.AuthFailure;
import dev.parley.server.history.History;
import dev.parley.server.session.ServerState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the server counts, for {@code /metrics}. One per server (not a global registry), so that
 * servers in one JVM (tests) count apart.
 *
 * <p>Every counter is a Micrometer counter, an adder underneath: an increment is a few
 * uncontended instructions, with no lock and no allocation, so the paths that count (a message,
 * a login) pay nothing that shows. Delivered lines are counted by each event loop's outbox
 * once per run, not per line. Connection and user counts and history figures are read when
 * scraped, from what the server keeps anyway.
 */
public final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter registrations = counter("parley.registrations", "Clients that completed registration");
    private final Counter loginSuccesses = logins("success");
    private final Map<AuthFailure, Counter> loginFailures = new EnumMap<>(AuthFailure.class);
    private final Counter messages = counter("parley.messages",
            "PRIVMSG, NOTICE and TAGMSG commands taken from clients");
    private final Counter linesDelivered = counter("parley.lines.delivered",
            "Lines queued to clients' connections: messages and replies");
    private final Counter sendQueueDrops = counter("parley.send.queue.drops",
            "Connections dropped because they read slower than they were sent to (SendQ exceeded)");
    private final Counter floodThrottles = counter("parley.flood.throttles",
            "Times flood control held back a client's commands");

    private Supplier<History> history;

    public ServerMetrics() {
        for (AuthFailure reason : AuthFailure.values()) {
            loginFailures.put(reason, logins(reason.name().toLowerCase(Locale.ROOT)));
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Connections and registered users, read from {@code state} (under its lock) when scraped. */
    public void watch(ServerState state) {
        Gauge.builder("parley.connections", state, s -> {
            synchronized (s.lock()) {
                return s.connectionCount();
            }
        }).description("Open client connections, registered or not").register(registry);
        Gauge.builder("parley.users", state, s -> {
            synchronized (s.lock()) {
                return s.registeredCount();
            }
        }).description("Registered clients").register(registry);
    }

    /** History's write figures, which its writer keeps anyway: commits and the time they took. */
    public void watch(Supplier<History> history) {
        // Micrometer holds what it reads from weakly; this keeps the supplier for as long as the meters.
        this.history = history;
        FunctionTimer.builder("parley.history.write", history,
                        h -> h.get().stats().commits(), h -> h.get().stats().commitNanos(), TimeUnit.NANOSECONDS)
                .description("History transactions committed and the time they took")
                .register(registry);
        FunctionCounter.builder("parley.history.stored", history, h -> h.get().stats().stored())
                .description("Messages and events written to history").register(registry);
        FunctionCounter.builder("parley.history.lost", history, h -> h.get().stats().lost())
                .description("Records not stored (queue full or write failed)").register(registry);
        Gauge.builder("parley.history.pending", history, h -> h.get().pending())
                .description("Records queued for the history writer").register(registry);
    }

    public void registered() {
        registrations.increment();
    }

    public void loginSucceeded() {
        loginSuccesses.increment();
    }

    public void loginFailed(AuthFailure reason) {
        loginFailures.get(reason).increment();
    }

    public void messageAccepted() {
        messages.increment();
    }

    /** {@code lines} more lines went to connections; called once per outbox run. */
    public void linesDelivered(int lines) {
        linesDelivered.increment(lines);
    }

    public void sendQueueDropped() {
        sendQueueDrops.increment();
    }

    public void floodThrottled() {
        floodThrottles.increment();
    }

    /** Everything, in the Prometheus text exposition format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    private Counter logins(String outcome) {
        return Counter.builder("parley.logins").tag("outcome", outcome)
                .description("Login attempts (SASL) by outcome").register(registry);
    }
}
