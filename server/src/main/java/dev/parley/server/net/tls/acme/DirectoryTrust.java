package dev.parley.server.net.tls.acme;

import dev.parley.server.net.tls.PemFiles;
import dev.parley.server.net.tls.TlsConfigException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * acme4j's provider for an https directory whose certificate is checked against the CA
 * certificates of {@code tls.acme.trust_file} instead of the JVM's trust store: for a private
 * ACME CA (step-ca, an in-house one, or a test CA). The directory's host name is still checked.
 */
final class DirectoryTrust extends GenericAcmeProvider {
    private final SSLContext context;

    private DirectoryTrust(SSLContext context) {
        this.context = context;
    }

    /** Trusts exactly the certificates in {@code pemFile}. */
    static DirectoryTrust of(Path pemFile) throws TlsConfigException {
        List<X509Certificate> anchors = PemFiles.readCertificates(pemFile);
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                store.setCertificateEntry("ca-" + i, anchors.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return new DirectoryTrust(context);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new TlsConfigException(pemFile + ": cannot be used as trusted CA certificates: " + e.getMessage(), e);
        }
    }

    @Override
    protected HttpConnector createHttpConnector(NetworkSettings settings) {
        return new HttpConnector(settings) {
            @Override
            public HttpClient.Builder createClientBuilder() {
                return super.createClientBuilder().sslContext(context);
            }
        };
    }
}
