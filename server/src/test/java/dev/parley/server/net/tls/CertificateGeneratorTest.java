package dev.parley.server.net.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateGeneratorTest {
    @TempDir
    Path dir;

    @Test
    void makesAnEcP256CertificateForTheServerNameAndLocalhost() throws Exception {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");

        CertifiedKey generated = CertificateGenerator.generate("My.Little.Server", now);
        X509Certificate certificate = generated.certificate();

        assertThat(certificate.getVersion()).isEqualTo(3);
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=My.Little.Server");
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(certificate.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) certificate.getPublicKey()).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(256);
        assertThat(generated.key().getAlgorithm()).isEqualTo("EC");
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getNotBefore().toInstant()).isBefore(now);
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(now.plus(Duration.ofDays(825)));
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        certificate.verify(certificate.getPublicKey());

        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        assertThat(names).containsExactlyInAnyOrder(
                List.of(2, "My.Little.Server"), List.of(2, "localhost"), List.of(7, "127.0.0.1"));
        assertThat(PemFiles.belongTogether(generated.key(), certificate.getPublicKey())).isTrue();
    }

    @Test
    void makesADifferentKeyEveryTime() {
        assertThat(CertificateGenerator.generate("a.example").fingerprint())
                .isNotEqualTo(CertificateGenerator.generate("a.example").fingerprint());
    }

    @Test
    void writesTheFilesOnceAndThenReadsThem() throws Exception {
        Path tlsDir = dir.resolve("data/tls");

        CertifiedKey first = CertificateGenerator.loadOrCreate(tlsDir, "irc.example.org");
        String certPem = Files.readString(tlsDir.resolve("cert.pem"));
        String keyPem = Files.readString(tlsDir.resolve("key.pem"));
        CertifiedKey second = CertificateGenerator.loadOrCreate(tlsDir, "irc.example.org");

        assertThat(certPem).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(keyPem).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(second.key().getEncoded()).isEqualTo(first.key().getEncoded());
        assertThat(Files.readString(tlsDir.resolve("cert.pem"))).isEqualTo(certPem);
        try (var listing = Files.list(tlsDir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("cert.pem", "key.pem");
        }
    }

    @Test
    void keepsTheKeyAndItsDirectoryPrivate() throws Exception {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "POSIX permissions");
        Path tlsDir = dir.resolve("tls");

        CertificateGenerator.loadOrCreate(tlsDir, "irc.example.org");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tlsDir.resolve("key.pem"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tlsDir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tlsDir.resolve("cert.pem"))))
                .isEqualTo("rw-r--r--");
    }

    @Test
    void refusesToGuessWhenOnlyOneFileIsLeft() throws Exception {
        Path tlsDir = dir.resolve("tls");
        CertificateGenerator.loadOrCreate(tlsDir, "irc.example.org");
        Files.delete(tlsDir.resolve("key.pem"));

        assertThatThrownBy(() -> CertificateGenerator.loadOrCreate(tlsDir, "irc.example.org"))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage(tlsDir.resolve("key.pem") + ": missing, but cert.pem is there; restore it, or delete "
                        + tlsDir.resolve("cert.pem") + " to make a new certificate");
    }
}
