package dev.parley.server.net.tls.acme;

import static org.awaitility.Awaitility.await;

import dev.parley.server.net.tls.CertificateGenerator;
import dev.parley.server.net.tls.CertifiedKey;
import dev.parley.server.net.tls.PemFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Let's Encrypt's test CA, Debian's {@code pebble} package, run as a process for a test: its own
 * HTTPS certificate (made here, trusted through {@code tls.acme.trust_file}), free ports, and no
 * artificial validation delay. It validates HTTP-01 (on {@link #httpPort}) and TLS-ALPN-01
 * challenges for real.
 */
final class Pebble implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/pebble");

    private final Path dir;
    private final int directoryPort;
    private final int managementPort;
    private final int httpPort;
    private final Process process;

    private Pebble(Path dir, int directoryPort, int managementPort, int httpPort, int tlsPort,
                   long validitySeconds) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: apt-get install pebble (.ci/run does)");
        }
        this.dir = dir;
        this.directoryPort = directoryPort;
        this.managementPort = managementPort;
        this.httpPort = httpPort;
        Files.createDirectories(dir);
        if (!Files.exists(trustFile())) {
            CertifiedKey https = CertificateGenerator.generate("localhost");
            PemFiles.writeCertificates(trustFile(), https.chain());
            PemFiles.writePrivateKey(dir.resolve("https-key.pem"), https.key());
        }
        Path config = dir.resolve("pebble-config.json");
        Files.writeString(config, """
                {"pebble": {
                  "listenAddress": "127.0.0.1:%d",
                  "managementListenAddress": "127.0.0.1:%d",
                  "certificate": "%s",
                  "privateKey": "%s",
                  "httpPort": %d,
                  "tlsPort": %d,
                  "ocspResponderURL": "",
                  "externalAccountBindingRequired": false,
                  "certificateValidityPeriod": %d
                }}
                """.formatted(directoryPort, managementPort, trustFile(), dir.resolve("https-key.pem"),
                httpPort, tlsPort, validitySeconds));
        ProcessBuilder builder = new ProcessBuilder(BINARY.toString(), "-config", config.toString(), "-strict=false")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("pebble.log").toFile()));
        builder.environment().put("PEBBLE_VA_NOSLEEP", "1");
        this.process = builder.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("pebble exited: " + Files.readString(dir.resolve("pebble.log")));
                }
                return accepts(directoryPort) && accepts(managementPort);
            });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Starts pebble in {@code dir}, validating HTTP-01 on {@code httpPort}, issuing certificates
     * that live {@code validitySeconds}.
     */
    static Pebble start(Path dir, int httpPort, long validitySeconds) throws IOException {
        return start(dir, httpPort, freePorts(1)[0], validitySeconds);
    }

    /** As {@link #start(Path, int, long)}, validating TLS-ALPN-01 on {@code tlsPort}. */
    static Pebble start(Path dir, int httpPort, int tlsPort, long validitySeconds) throws IOException {
        int[] ports = freePorts(2);
        return new Pebble(dir, ports[0], ports[1], httpPort, tlsPort, validitySeconds);
    }

    /** A new pebble (a new CA, knowing no account) at the same address, validating HTTP-01 on {@code httpPort}. */
    Pebble restart(int newHttpPort, long validitySeconds) throws IOException {
        close();
        return new Pebble(dir, directoryPort, managementPort, newHttpPort, freePorts(1)[0], validitySeconds);
    }

    /** Ports nobody listens on now (bound together, so they differ, then released). */
    static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    String directory() {
        return "https://localhost:" + directoryPort + "/dir";
    }

    int httpPort() {
        return httpPort;
    }

    /** The CA certificate of pebble's own HTTPS, for {@code tls.acme.trust_file}. */
    Path trustFile() {
        return dir.resolve("https-cert.pem");
    }

    /** The root every certificate this pebble issues chains to (a new one each start). */
    X509Certificate root() throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("pebble-https", PemFiles.readCertificates(trustFile()).get(0));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + managementPort + "/roots/0")).build(),
                HttpResponse.BodyHandlers.ofString());
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(response.body().getBytes(StandardCharsets.US_ASCII)));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** What pebble printed, for a failure message. */
    String log() {
        try {
            return Files.readString(dir.resolve("pebble.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
