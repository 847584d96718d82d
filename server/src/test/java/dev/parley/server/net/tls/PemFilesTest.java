package dev.parley.server.net.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {
    @TempDir
    Path dir;

    /** One RSA key for the whole class: making one takes long enough to notice on a small machine. */
    private static KeyPair rsa;
    private static X509Certificate rsaCertificate;

    @BeforeAll
    static void makeRsaCertificate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        rsa = generator.generateKeyPair();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X500Name name = new X500Name("CN=rsa.example");
        rsaCertificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                name, BigInteger.ONE, Date.from(now), Date.from(now.plus(1, ChronoUnit.DAYS)), name, rsa.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(rsa.getPrivate())));
    }

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private static String pem(Object... objects) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        }
        return out.toString();
    }

    /** EC keys as PKCS#8: BC writes a JDK EC key as SEC1 without its curve, which nothing can read. */
    private static PemObject pkcs8(PrivateKey key) {
        return new PemObject("PRIVATE KEY", key.getEncoded());
    }

    /** An EC key as {@code openssl ecparam -genkey} writes it: SEC1 with curve and public key. */
    private static PemObject sec1(CertifiedKey ec) throws IOException {
        BigInteger secret = ((java.security.interfaces.ECPrivateKey) ec.key()).getS();
        SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(ec.certificate().getPublicKey().getEncoded());
        ECPrivateKey key = new ECPrivateKey(256, secret, publicKey.getPublicKeyData(), X9ObjectIdentifiers.prime256v1);
        return new PemObject("EC PRIVATE KEY", key.getEncoded());
    }

    @Test
    void readsAPkcs8KeyWrittenByItself() throws Exception {
        CertifiedKey generated = CertificateGenerator.generate("irc.example.org");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        PemFiles.writeCertificates(cert, generated.chain());
        PemFiles.writePrivateKey(key, generated.key());

        CertifiedKey loaded = PemFiles.load(cert, key);

        assertThat(loaded.fingerprint()).isEqualTo(generated.fingerprint());
        assertThat(loaded.key().getEncoded()).isEqualTo(generated.key().getEncoded());
    }

    @Test
    void readsAPkcs1RsaKey() throws Exception {
        Path cert = write("cert.pem", pem(rsaCertificate));
        Path key = write("key.pem", pem(rsa.getPrivate()));
        assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        CertifiedKey loaded = PemFiles.load(cert, key);

        assertThat(loaded.key().getAlgorithm()).isEqualTo("RSA");
        assertThat(loaded.certificate()).isEqualTo(rsaCertificate);
    }

    @Test
    void readsASec1EcKeyAfterItsParametersAsOpensslEcparamWritesIt() throws Exception {
        CertifiedKey generated = CertificateGenerator.generate("irc.example.org");
        Path cert = write("cert.pem", pem(generated.certificate()));
        String parameters = pem(new PemObject("EC PARAMETERS", X9ObjectIdentifiers.prime256v1.getEncoded()));
        Path key = write("key.pem", parameters + pem(sec1(generated)));
        assertThat(Files.readString(key)).contains("-----BEGIN EC PRIVATE KEY-----");

        CertifiedKey loaded = PemFiles.load(cert, key);

        assertThat(loaded.fingerprint()).isEqualTo(generated.fingerprint());
    }

    @Test
    void readsAChainAndAKeyFromOneCombinedFile() throws Exception {
        CertifiedKey server = CertificateGenerator.generate("irc.example.org");
        CertifiedKey intermediate = CertificateGenerator.generate("ca.example.org");
        Path both = write("combined.pem", pem(server.certificate(), intermediate.certificate(), pkcs8(server.key())));

        CertifiedKey loaded = PemFiles.load(both, both);

        assertThat(loaded.chain()).containsExactly(server.certificate(), intermediate.certificate());
        assertThat(loaded.fingerprint()).isEqualTo(server.fingerprint());
    }

    @Test
    void refusesAKeyThatDoesNotMatchTheCertificate() throws Exception {
        Path cert = write("cert.pem", pem(CertificateGenerator.generate("irc.example.org").certificate()));
        Path key = write("key.pem", pem(pkcs8(CertificateGenerator.generate("irc.example.org").key())));

        assertThatThrownBy(() -> PemFiles.load(cert, key))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage(key + ": private key does not match the certificate in " + cert);
    }

    @Test
    void refusesAKeyOfAnotherType() throws Exception {
        Path cert = write("cert.pem", pem(CertificateGenerator.generate("irc.example.org").certificate()));
        Path key = write("key.pem", pem(rsa.getPrivate()));

        assertThatThrownBy(() -> PemFiles.load(cert, key))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage(key + ": private key does not match the certificate in " + cert);
    }

    @Test
    void namesAMissingFile() {
        Path cert = dir.resolve("nope.pem");

        assertThatThrownBy(() -> PemFiles.readCertificates(cert))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage(cert + ": no such file");
    }

    @Test
    void namesAFileThatIsNotPem() throws Exception {
        Path file = write("cert.pem", "this is not a certificate\n");

        assertThatThrownBy(() -> PemFiles.readCertificates(file))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage(file + ": no PEM blocks found");
    }

    @Test
    void namesAFileWithDamagedPem() throws Exception {
        Path file = write("cert.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> PemFiles.readCertificates(file))
                .isInstanceOf(TlsConfigException.class)
                .hasMessageStartingWith(file + ": not a readable PEM file: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void namesACertificateFileWithoutACertificate() throws Exception {
        Path file = write("cert.pem", pem(rsa.getPrivate()));

        assertThatThrownBy(() -> PemFiles.readCertificates(file))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage(file + ": no certificate found (expected a BEGIN CERTIFICATE block)");
    }

    @Test
    void namesAKeyFileWithoutAKey() throws Exception {
        Path file = write("key.pem", pem(rsaCertificate));

        assertThatThrownBy(() -> PemFiles.readPrivateKey(file))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage(file + ": no private key found (expected a BEGIN PRIVATE KEY block)");
    }

    @Test
    void namesAKeyFileWithTwoKeys() throws Exception {
        PrivateKey ec = CertificateGenerator.generate("irc.example.org").key();
        Path file = write("key.pem", pem(pkcs8(ec), rsa.getPrivate()));

        assertThatThrownBy(() -> PemFiles.readPrivateKey(file))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage(file + ": more than one private key; keep only the server's");
    }

    @Test
    void explainsThatAnEncryptedKeyMustBeDecrypted() throws Exception {
        PrivateKey ec = CertificateGenerator.generate("irc.example.org").key();
        var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                .setProvider(new BouncyCastleProvider())
                .setPassword("secret".toCharArray())
                .build();
        Path file = write("key.pem", pem(new JcaPKCS8Generator(ec, encryptor).generate()));

        assertThatThrownBy(() -> PemFiles.readPrivateKey(file))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage(file + ": private key is encrypted; the server needs it unencrypted (openssl pkey -in "
                        + file + " -out key.pem)");
    }

    @Test
    void writesEveryCertificateOfAChainInOrder() throws Exception {
        List<X509Certificate> chain = List.of(
                CertificateGenerator.generate("a.example").certificate(), rsaCertificate);
        Path file = dir.resolve("chain.pem");

        PemFiles.writeCertificates(file, chain);

        assertThat(PemFiles.readCertificates(file)).containsExactlyElementsOf(chain);
    }

    @Test
    void writesAKeyWithItsChainInOneOwnerOnlyFileThatLoadsBack() throws Exception {
        CertifiedKey generated = CertificateGenerator.generate("chat.example.org");
        List<X509Certificate> chain = List.of(generated.certificate(), rsaCertificate);
        Path file = dir.resolve("certificate.pem");

        PemFiles.writeKeyAndCertificates(file, generated.key(), chain);

        CertifiedKey loaded = PemFiles.load(file, file);
        assertThat(loaded.chain()).containsExactlyElementsOf(chain);
        assertThat(loaded.key().getEncoded()).isEqualTo(generated.key().getEncoded());
        assertThat(Files.getPosixFilePermissions(file))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void writesAKeyPairThatReadsBackWhole() throws Exception {
        KeyPair pair = CertificateGenerator.newKeyPair();
        Path file = dir.resolve("account-key.pem");

        PemFiles.writeKeyPair(file, pair);

        KeyPair read = PemFiles.readKeyPair(file);
        assertThat(read.getPrivate().getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        assertThat(read.getPublic().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        assertThat(Files.getPosixFilePermissions(file))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void refusesAKeyPairFileWhoseHalvesDoNotBelongTogether() throws Exception {
        Path file = dir.resolve("account-key.pem");
        PemFiles.writePrivateKey(file, CertificateGenerator.newKeyPair().getPrivate());
        Files.writeString(file, Files.readString(file) + new StringWriter() {
            {
                try (JcaPEMWriter writer = new JcaPEMWriter(this)) {
                    writer.writeObject(CertificateGenerator.newKeyPair().getPublic());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        });

        assertThatThrownBy(() -> PemFiles.readKeyPair(file))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage(file + ": the private and public keys do not belong together");
    }
}
