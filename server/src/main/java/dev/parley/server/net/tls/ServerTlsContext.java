package dev.parley.server.net.tls;

import dev.parley.server.config.ParleyConfig.TlsSection;
import dev.parley.server.store.DataFolder;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * The server side of TLS: which certificate the server presents, as a Netty {@link SslContext}
 * that can be swapped while the server runs.
 *
 * <p>Every new connection should take its TLS handler from {@link #newHandler} (which also
 * answers ACME TLS-ALPN-01 checks while one runs). {@link #reload()} builds a fresh context from
 * the files and swaps it in atomically; connections already open keep the engine they were made
 * with, so a reload never disturbs them. If the reload fails the old context stays in use. SIGHUP
 * and the ACME client ({@code [tls.acme]}, which stores what it obtains in {@code acme/}) both
 * swap certificates this way.
 *
 * <p>Only TLS 1.2 and 1.3 are offered, with forward-secret AEAD cipher suites. IRC clients may
 * present a certificate but need not ({@link ClientAuth#OPTIONAL}); any certificate is
 * accepted, since the server only reads its {@link Fingerprint} for SASL EXTERNAL (see
 * {@link ClientCertificates}). The web listener asks for none ({@link #newWebHandler}): a
 * browser asked for one shows its user a certificate chooser, for nothing the web client uses.
 *
 * <p>The TLS engine is BoringSSL (netty-tcnative) where its library loads, else the JDK's:
 * the same protocols, suites and policy either way, but a BoringSSL handshake takes a fraction
 * of the CPU time.
 */
public final class ServerTlsContext {
    /** See {@link #newServerContext}. */
    private static final int BIO_BUFFER_BYTES = 256;
    /** The directory under the data directory that holds the self-signed certificate. */
    public static final String TLS_DIR = DataFolder.TLS;
    /** The directory under the data directory that holds what {@code [tls.acme]} obtained. */
    public static final String ACME_DIR = DataFolder.ACME;
    private static final String ACME_FILE = "certificate.pem";

    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** TLS 1.3 suites, then TLS 1.2 ECDHE/DHE with AES-GCM or ChaCha20-Poly1305: no CBC, no static RSA. */
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384");

    /**
     * Where the certificate comes from; reloading reads the same place again. With
     * {@code [tls.acme]}, that is the certificate the ACME client stored, and the self-signed one
     * until the first has arrived.
     */
    private record Source(Optional<Path> certFile, Optional<Path> keyFile, Optional<Path> acmeFile, Path tlsDir,
                          String serverName) {
        static Source of(TlsSection tls, Path dataDir, String serverName) throws TlsConfigException {
            if (tls.certFile().isPresent() != tls.keyFile().isPresent()) {
                throw new TlsConfigException("tls: cert_file and key_file must be set together");
            }
            Optional<Path> acmeFile = tls.acme().map(acme -> acmeCertificateFile(dataDir));
            return new Source(tls.certFile(), tls.keyFile(), acmeFile, dataDir.resolve(TLS_DIR), serverName);
        }

        State load() throws TlsConfigException {
            if (certFile.isPresent()) {
                return loaded(PemFiles.load(certFile.get(), keyFile.get()), certFile.get(), false);
            }
            if (acmeFile.isPresent() && Files.exists(acmeFile.get())) {
                // One file holds the key and its chain, so a renewal replaces both in one step.
                return loaded(PemFiles.load(acmeFile.get(), acmeFile.get()), acmeFile.get(), false);
            }
            return loaded(CertificateGenerator.loadOrCreate(tlsDir, serverName),
                    tlsDir.resolve(CertificateGenerator.CERT_FILE), true);
        }

        private State loaded(CertifiedKey key, Path file, boolean selfSigned) throws TlsConfigException {
            return new State(this, key, newServerContext(key, file, ClientAuth.OPTIONAL),
                    newServerContext(key, file, ClientAuth.NONE), file, selfSigned);
        }
    }

    private record State(Source source, CertifiedKey key, SslContext context, SslContext webContext, Path file,
                         boolean selfSigned) {
    }

    private final Object reloading = new Object();
    private final TlsAlpnChallenges alpnChallenges = new TlsAlpnChallenges();
    private volatile State state;

    private ServerTlsContext(State state) {
        this.state = state;
    }

    /**
     * The TLS context for a server: from {@code tls.cert_file} and {@code tls.key_file} when they
     * are set, otherwise from the self-signed certificate in {@code <dataDir>/tls}, which is made
     * on the first start and reused after that.
     *
     * @param serverName the name a newly made self-signed certificate is issued for
     * @throws TlsConfigException if the files cannot be read or do not belong together
     */
    public static ServerTlsContext create(TlsSection tls, Path dataDir, String serverName)
            throws TlsConfigException {
        return new ServerTlsContext(Source.of(tls, dataDir, serverName).load());
    }

    /**
     * Where {@code [tls.acme]} keeps the certificate it obtained, with its key, under
     * {@code dataDir}; read from there on every start and reload once it exists.
     */
    public static Path acmeCertificateFile(Path dataDir) {
        return dataDir.resolve(ACME_DIR).resolve(ACME_FILE);
    }

    /**
     * A Netty server context presenting {@code key}, with the protocol and cipher policy described
     * on this class.
     *
     * @param origin     the certificate file, named in the error if the context cannot be built
     * @param clientAuth whether clients are asked for a certificate (OPTIONAL for IRC, NONE for the web)
     */
    public static SslContext newServerContext(CertifiedKey key, Path origin, ClientAuth clientAuth)
            throws TlsConfigException {
        try {
            SslContext context = SslContextBuilder.forServer(key.key(), key.chain())
                    .sslProvider(provider())
                    .protocols(PROTOCOLS)
                    .ciphers(CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE)
                    .clientAuth(clientAuth)
                    .trustManager(AnyClientCertificate.INSTANCE)
                    .build();
            if (context instanceof ReferenceCountedOpenSslContext openSsl) {
                // The buffer BoringSSL keeps per connection for handshake and alert records it
                // writes without application data: Netty's 2 KiB default is most of what an idle
                // TLS connection costs in native memory; those records fit in far less, and a
                // larger one is written in several turns.
                openSsl.setBioNonApplicationBufferSize(BIO_BUFFER_BYTES);
            }
            return context;
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsConfigException(origin + ": cannot be used for TLS: " + e.getMessage(), e);
        }
    }

    /** The TLS engine in use: BoringSSL where its native library loads, the JDK's otherwise. */
    public static SslProvider provider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    /** The context for the next connection. */
    public SslContext current() {
        return state.context();
    }

    /**
     * The TLS handler for a new connection: the current context's, or, while an ACME TLS-ALPN-01
     * check runs, one that answers it (see {@link TlsAlpnChallenges}).
     */
    public ChannelHandler newHandler(ByteBufAllocator alloc) {
        return alpnChallenges.newHandler(current(), alloc);
    }

    /**
     * The TLS handler for a new connection to the web listener: like {@link #newHandler}, but
     * asking the browser for no certificate.
     */
    public ChannelHandler newWebHandler(ByteBufAllocator alloc) {
        return alpnChallenges.newHandler(state.webContext(), alloc);
    }

    /** The TLS-ALPN-01 checks this context answers on every listener that uses it. */
    public TlsAlpnChallenges alpnChallenges() {
        return alpnChallenges;
    }

    /** The fingerprint of the certificate new connections are given. */
    public Fingerprint fingerprint() {
        return state.key().fingerprint();
    }

    /** The server certificate new connections are given. */
    public X509Certificate certificate() {
        return state.key().certificate();
    }

    /** Whether the certificate is the generated self-signed one (so clients must pin it). */
    public boolean isSelfSigned() {
        return state.selfSigned();
    }

    /** The file the certificate was read from. */
    public Path certificateFile() {
        return state.file();
    }

    /**
     * Reads the same files again and, if they are usable, serves them to new connections
     * (for SIGHUP, after a certificate was renewed).
     *
     * @return the fingerprint now served
     * @throws TlsConfigException if the files are not usable; the previous certificate stays in use
     */
    public Fingerprint reload() throws TlsConfigException {
        synchronized (reloading) {
            state = state.source().load();
            return fingerprint();
        }
    }

    /**
     * Like {@link #reload()}, but from a possibly changed {@code [tls]} section, for when the
     * configuration file was reloaded too.
     */
    public Fingerprint reload(TlsSection tls, Path dataDir, String serverName) throws TlsConfigException {
        synchronized (reloading) {
            state = Source.of(tls, dataDir, serverName).load();
            return fingerprint();
        }
    }
}
