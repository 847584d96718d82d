package dev.parley.server.net.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the self-signed certificate a server uses when no certificate is configured: an
 * EC P-256 key and an X.509 v3 certificate signed with SHA256withECDSA, for the server name,
 * {@code localhost} and {@code 127.0.0.1}. Clients cannot check it against a CA, so they pin
 * its {@link Fingerprint}; that is why it is made once and then kept in the data directory.
 */
public final class CertificateGenerator {
    /** How long a generated certificate is valid: the longest that browsers and OS stores ever accepted. */
    public static final Duration VALIDITY = Duration.ofDays(825);
    /** The certificate file inside the TLS directory. */
    public static final String CERT_FILE = "cert.pem";
    /** The private key file inside the TLS directory. */
    public static final String KEY_FILE = "key.pem";

    private static final Logger log = LoggerFactory.getLogger(CertificateGenerator.class);
    /** Tolerates clients whose clocks are a little behind. */
    private static final Duration BACKDATE = Duration.ofHours(1);

    private CertificateGenerator() {
    }

    /** A new key and self-signed certificate for {@code serverName}, valid from now. */
    public static CertifiedKey generate(String serverName) {
        return generate(serverName, Instant.now());
    }

    /** A new key and self-signed certificate for {@code serverName}, valid from {@code now}. */
    public static CertifiedKey generate(String serverName, Instant now) {
        try {
            SecureRandom random = new SecureRandom();
            KeyPair pair = newKeyPair();

            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, serverName).build();
            // RFC 5280: positive, at most 20 bytes; random so two servers never share one.
            BigInteger serial = new BigInteger(127, random).setBit(126);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject, serial,
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)),
                    subject, pair.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(serverName));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(pair.getPublic()));

            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new CertifiedKey(pair.getPrivate(), List.of(certificate));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            // Only a broken Java installation lacks EC P-256 or ECDSA.
            throw new IllegalStateException("cannot make a self-signed certificate: " + e.getMessage(), e);
        }
    }

    /** A new EC P-256 key pair, from the JDK's own provider. */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256 in this Java: " + e.getMessage(), e);
        }
    }

    private static GeneralNames alternativeNames(String serverName) {
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.dNSName, serverName));
        if (!serverName.toLowerCase(Locale.ROOT).equals("localhost")) {
            names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        }
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    /**
     * The self-signed certificate in {@code tlsDir}, made on first use. When both
     * {@value #CERT_FILE} and {@value #KEY_FILE} exist they are loaded as they are, so the
     * fingerprint clients pinned stays the same across restarts. When neither exists a new pair
     * is made and written, the key readable by its owner only. When only one exists, nothing is
     * guessed: a new certificate would silently break every pin, so the start stops instead.
     */
    public static CertifiedKey loadOrCreate(Path tlsDir, String serverName) throws TlsConfigException {
        Path certFile = tlsDir.resolve(CERT_FILE);
        Path keyFile = tlsDir.resolve(KEY_FILE);
        boolean haveCert = Files.exists(certFile);
        boolean haveKey = Files.exists(keyFile);
        if (haveCert && haveKey) {
            return PemFiles.load(certFile, keyFile);
        }
        if (haveCert || haveKey) {
            Path present = haveCert ? certFile : keyFile;
            Path missing = haveCert ? keyFile : certFile;
            throw new TlsConfigException(missing + ": missing, but " + present.getFileName()
                    + " is there; restore it, or delete " + present + " to make a new certificate");
        }
        CertifiedKey created = generate(serverName);
        try {
            PemFiles.createPrivateDirectory(tlsDir);
            // Should this stop halfway, the next start reports the missing file rather than guessing.
            PemFiles.writePrivateKey(keyFile, created.key());
            PemFiles.writeCertificates(certFile, created.chain());
        } catch (IOException e) {
            throw new TlsConfigException(tlsDir + ": cannot write the self-signed certificate: " + e, e);
        }
        log.info("Made a self-signed certificate for {} in {}, SHA-256 fingerprint {}",
                serverName, certFile, created.fingerprint());
        return created;
    }
}
