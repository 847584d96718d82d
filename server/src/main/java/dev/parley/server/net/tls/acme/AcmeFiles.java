package dev.parley.server.net.tls.acme;

import dev.parley.server.net.tls.CertificateGenerator;
import dev.parley.server.net.tls.CertifiedKey;
import dev.parley.server.net.tls.PemFiles;
import dev.parley.server.net.tls.ServerTlsContext;
import dev.parley.server.net.tls.TlsConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Optional;

/**
 * What {@code [tls.acme]} keeps in the data folder, in {@code acme/} (mode 0700): the account's
 * key pair, made on first use and reused so the CA knows the server as one account across
 * restarts, and the certificate with its own key in one file, both files mode 0600.
 */
final class AcmeFiles {
    private static final String ACCOUNT_KEY = "account-key.pem";

    private final Path dir;
    private final Path certificateFile;

    AcmeFiles(Path dataDir) {
        this.certificateFile = ServerTlsContext.acmeCertificateFile(dataDir);
        this.dir = certificateFile.getParent();
    }

    /** The account key pair, made (EC P-256) and written on first use. */
    KeyPair accountKey() throws IOException, TlsConfigException {
        Path file = dir.resolve(ACCOUNT_KEY);
        if (Files.exists(file)) {
            return PemFiles.readKeyPair(file);
        }
        KeyPair pair = CertificateGenerator.newKeyPair();
        PemFiles.createPrivateDirectory(dir);
        PemFiles.writeKeyPair(file, pair);
        return pair;
    }

    /** The certificate obtained last, if any. */
    Optional<CertifiedKey> certificate() throws TlsConfigException {
        if (!Files.exists(certificateFile)) {
            return Optional.empty();
        }
        return Optional.of(PemFiles.load(certificateFile, certificateFile));
    }

    /** Keeps {@code obtained} as the certificate, replacing the previous one in one step. */
    void save(CertifiedKey obtained) throws IOException {
        PemFiles.createPrivateDirectory(dir);
        PemFiles.writeKeyAndCertificates(certificateFile, obtained.key(), obtained.chain());
    }

    Path certificateFile() {
        return certificateFile;
    }
}
