package dev.parley.app;

import dev.parley.server.ParleyServer;
import dev.parley.server.config.ConfigException;
import dev.parley.server.config.ConfigLoader;
import dev.parley.server.config.ParleyConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code parley server}: runs the chat server until SIGTERM or Ctrl-C; SIGHUP reloads the config. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the Parley server (TLS on port 6697, state in ./parley-data by default).")
public final class ServerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("parley");

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "TOML configuration file.")
    Path configFile;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (default 0.0.0.0).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default 6697).")
    Integer port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where state is kept (default ./parley-data).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        ParleyConfig config;
        try {
            config = load();
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        AtomicReference<ParleyServer> running = new AtomicReference<>();
        // Installed before any listener opens: the JVM's own action for SIGHUP is to exit.
        Signal.handle(new Signal("HUP"), signal -> reload(running.get()));

        ParleyServer server;
        try {
            server = ParleyServer.start(config);
        } catch (Exception e) {
            spec.commandLine().getErr().println("parley: " + describe(e, config));
            return 1;
        }
        running.set(server);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutting down");
            server.close();
            stopped.countDown();
        }, "parley-shutdown"));

        server.certificateFingerprint().ifPresent(fp ->
                spec.commandLine().getOut().println("TLS certificate SHA-256 fingerprint: " + fp));
        List<InetSocketAddress> addresses = server.boundAddresses();
        for (int i = 0; i < addresses.size(); i++) {
            // The configured host, not the socket's: epoll binds "0.0.0.0" as the dual-stack "::".
            ParleyConfig.ListenSection listen = config.listen().get(i);
            spec.commandLine().getOut().println("Parley " + config.server().name() + " listening on " + listen.host() + ":"
                    + addresses.get(i).getPort() + (listen.tls() ? " (TLS)" : " (plaintext)"));
        }
        server.webAddress().ifPresent(web -> spec.commandLine().getOut().println("Web client on "
                + (config.web().tls() ? "https://" : "http://") + config.web().host() + ":" + web.getPort() + "/"));
        server.metricsAddress().ifPresent(metrics -> spec.commandLine().getOut().println("Metrics on http://"
                + config.metrics().host() + ":" + metrics.getPort() + "/metrics"));
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

    private ParleyConfig load() throws ConfigException {
        ParleyConfig config = configFile == null ? ParleyConfig.defaults() : new ConfigLoader().load(configFile);
        if (host != null || port != null) {
            ParleyConfig.ListenSection first = config.listen().isEmpty()
                    ? ParleyConfig.ListenSection.defaults() : config.listen().get(0);
            config = config.withListen(List.of(new ParleyConfig.ListenSection(
                    host != null ? host : first.host(), port != null ? port : first.port(), first.tls())));
        }
        if (dataDir != null) {
            config = config.withStorage(new ParleyConfig.StorageSection(dataDir));
        }
        return config;
    }

    private void reload(ParleyServer server) {
        if (server == null || configFile == null) {
            LOG.info("SIGHUP: nothing to reload{}", configFile == null ? " (no --config file)" : "");
            return;
        }
        try {
            server.reload(load());
        } catch (ConfigException e) {
            LOG.error("Reload refused, keeping the running configuration: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Reload failed, keeping the running configuration", e);
        }
    }

    private static String describe(Throwable e, ParleyConfig config) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof java.net.BindException || message.contains("bind(")) {
            String where = String.join(", ", config.listen().stream().map(l -> l.host() + ":" + l.port()).toList());
            return "cannot listen on " + where + ": " + (message.contains("in use")
                    ? "the address is already in use (another server running?)" : message);
        }
        return "cannot start: " + message;
    }
}
