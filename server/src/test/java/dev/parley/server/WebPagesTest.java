package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.config.ParleyConfig;
import dev.parley.server.net.tls.CertificateGenerator;
import dev.parley.server.testing.HttpTestClient;
import dev.parley.server.testing.HttpTestClient.Response;
import dev.parley.server.testing.TestServers;
import dev.parley.server.web.StaticFiles;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The web listener's pages over real TLS: the client's files, and the headers every answer carries. */
class WebPagesTest {
    /** A stand-in for the web client's build, in the test resources. */
    static final String TEST_CLIENT = "web-test-static/";

    @TempDir
    static Path dataDir;
    static ParleyServer server;
    static InetSocketAddress web;
    static String fingerprint;

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start(webConfig(dataDir), StaticFiles.fromClassPath(TEST_CLIENT));
        web = server.webAddress().orElseThrow();
        fingerprint = server.certificateFingerprint().orElseThrow();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static ParleyConfig webConfig(Path dataDir) {
        return TestServers.plaintext(dataDir)
                .withWeb(new ParleyConfig.WebSection(true, "127.0.0.1", 0, true, List.of()));
    }

    @Test
    void servesThePageAndItsBundleWithTheirTypesAndCaching() throws Exception {
        Response page = HttpTestClient.get(web, fingerprint, "/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(page.text()).contains("<title>Parley test page</title>");
        assertThat(page.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(HttpTestClient.get(web, fingerprint, "/index.html").text()).isEqualTo(page.text());

        Response bundle = HttpTestClient.get(web, fingerprint, "/assets/app-1a2b3c.js");
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(bundle.text()).contains("parley test bundle");
        assertThat(bundle.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        String etag = bundle.header("ETag");
        assertThat(etag).matches("\"[0-9a-f]{32}\"");

        Response again = HttpTestClient.get(web, fingerprint, "/assets/app-1a2b3c.js", "If-None-Match: " + etag);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();

        Response head = HttpTestClient.request(web, fingerprint, "HEAD", "/assets/app-1a2b3c.js");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(bundle.body().length));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/missing.js", "/assets", "/assets/", "/../web-test-static/index.html",
        "/assets/../index.html", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd", "//etc/passwd",
        "/assets/..\\index.html", "/dev/parley/server/ParleyServer.class", "/WebPagesTest.class"})
    void nothingButTheClientsFilesIsServed(String path) throws Exception {
        Response answer = HttpTestClient.get(web, fingerprint, path);
        assertThat(answer.status()).isIn(400, 404);
        assertThat(answer.text()).doesNotContain("<title>", "root:");
    }

    @Test
    void onlyGetAndHeadAreAnswered() throws Exception {
        Response post = HttpTestClient.request(web, fingerprint, "POST", "/", "Content-Length: 0");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        for (String path : List.of("/", "/assets/app-1a2b3c.js", "/missing", "/socket")) {
            Response answer = HttpTestClient.get(web, fingerprint, path);
            String csp = answer.header("Content-Security-Policy");
            assertThat(csp).as(path)
                    .contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
                            "connect-src 'self' wss://127.0.0.1:" + web.getPort(),
                            "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(answer.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(answer.header("Set-Cookie")).isNull();
            // Self-signed: no HSTS, or browsers could not come back once it changed.
            assertThat(answer.header("Strict-Transport-Security")).isNull();
        }
    }

    @Test
    void aConfiguredCertificateGetsHstsAndIsReloadedWithTheOthers(@TempDir Path otherData,
                                                                   @TempDir Path certificates,
                                                                   @TempDir Path renewed) throws Exception {
        // Made as the self-signed one is, but configured as PEM files: to the server a real certificate.
        CertificateGenerator.loadOrCreate(certificates, "chat.example.org");
        ParleyConfig config = webConfig(otherData);
        config = new ParleyConfig(config.server(), config.listen(), config.storage(), config.rooms(), config.auth(),
                new ParleyConfig.TlsSection(Optional.of(certificates.resolve(CertificateGenerator.CERT_FILE)),
                        Optional.of(certificates.resolve(CertificateGenerator.KEY_FILE))),
                config.limits(), config.history(), config.accounts(), config.operators(), config.source(),
                config.web(), config.metrics());
        try (ParleyServer pem = ParleyServer.start(config, StaticFiles.fromClassPath(TEST_CLIENT))) {
            Response answer = HttpTestClient.get(pem.webAddress().orElseThrow(),
                    pem.certificateFingerprint().orElseThrow(), "/");
            assertThat(answer.header("Strict-Transport-Security")).isEqualTo("max-age=31536000");

            // Renewed in place, then SIGHUP: new connections get the new certificate.
            String before = pem.certificateFingerprint().orElseThrow();
            CertificateGenerator.loadOrCreate(renewed, "chat.example.org");
            for (String file : List.of(CertificateGenerator.CERT_FILE, CertificateGenerator.KEY_FILE)) {
                Files.copy(renewed.resolve(file), certificates.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            pem.reload(config);
            String after = pem.certificateFingerprint().orElseThrow();
            assertThat(after).isNotEqualTo(before);
            assertThat(HttpTestClient.get(pem.webAddress().orElseThrow(), after, "/").status()).isEqualTo(200);
            assertThatThrownBy(() -> HttpTestClient.get(pem.webAddress().orElseThrow(), before, "/"))
                    .isInstanceOf(javax.net.ssl.SSLException.class);
        }
    }

    @Test
    void aBuildWithoutTheClientSaysSo(@TempDir Path otherData) throws Exception {
        try (ParleyServer bare = ParleyServer.start(webConfig(otherData), StaticFiles.fromClassPath("no/such/"))) {
            Response answer = HttpTestClient.get(bare.webAddress().orElseThrow(),
                    bare.certificateFingerprint().orElseThrow(), "/");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.text()).contains("built without its web client", "/socket");
            assertThat(answer.header("Content-Security-Policy")).contains("default-src 'none'");
        }
    }
}
