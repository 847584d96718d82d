package dev.parley.server.net.tls;

import dev.parley.server.store.PrivateDirectory;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the PEM files a server certificate lives in.
 *
 * <p>Certificates are read from {@code BEGIN CERTIFICATE} blocks, server certificate first
 * (the usual {@code fullchain.pem}). Private keys may be PKCS#8 ({@code BEGIN PRIVATE KEY}),
 * PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}) or SEC1 EC ({@code BEGIN EC PRIVATE KEY}); other
 * blocks in the key file (certificates, EC parameters) are skipped. Every error is one line
 * naming the file.
 */
public final class PemFiles {
    private static final Logger log = LoggerFactory.getLogger(PemFiles.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private PemFiles() {
    }

    /** Reads a certificate and its key, and checks that they belong together. */
    public static CertifiedKey load(Path certFile, Path keyFile) throws TlsConfigException {
        List<X509Certificate> chain = readCertificates(certFile);
        PrivateKey key = readPrivateKey(keyFile);
        X509Certificate leaf = chain.get(0);
        if (!belongTogether(key, leaf.getPublicKey())) {
            throw new TlsConfigException(keyFile + ": private key does not match the certificate in " + certFile);
        }
        warnIfOutsideValidity(leaf, certFile);
        return new CertifiedKey(key, chain);
    }

    /** Every certificate in {@code file}, in file order. */
    public static List<X509Certificate> readCertificates(Path file) throws TlsConfigException {
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object object : readObjects(file)) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    certificates.add(converter.getCertificate(holder));
                } catch (CertificateException e) {
                    throw new TlsConfigException(file + ": unusable certificate: " + e.getMessage(), e);
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new TlsConfigException(file + ": no certificate found (expected a BEGIN CERTIFICATE block)");
        }
        return certificates;
    }

    /** The one private key in {@code file}. */
    public static PrivateKey readPrivateKey(Path file) throws TlsConfigException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        PrivateKey key = null;
        for (Object object : readObjects(file)) {
            PrivateKey found;
            try {
                if (object instanceof PrivateKeyInfo info) {
                    found = converter.getPrivateKey(info);
                } else if (object instanceof PEMKeyPair pair) {
                    // Only the private half: SEC1 keys may leave out the optional public key.
                    found = converter.getPrivateKey(pair.getPrivateKeyInfo());
                } else if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
                    throw new TlsConfigException(file + ": private key is encrypted; the server needs it"
                            + " unencrypted (openssl pkey -in " + file + " -out key.pem)");
                } else {
                    // Certificates in a combined file, EC PARAMETERS blocks: not ours to read here.
                    continue;
                }
            } catch (IOException e) {
                throw new TlsConfigException(file + ": unusable private key: " + oneLine(e), e);
            }
            if (key != null) {
                throw new TlsConfigException(file + ": more than one private key; keep only the server's");
            }
            key = found;
        }
        if (key == null) {
            throw new TlsConfigException(file + ": no private key found (expected a BEGIN PRIVATE KEY block)");
        }
        return key;
    }

    private static List<Object> readObjects(Path file) throws TlsConfigException {
        List<Object> objects = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                objects.add(o);
            }
        } catch (NoSuchFileException e) {
            throw new TlsConfigException(file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new TlsConfigException(file + ": permission denied", e);
        } catch (IOException e) {
            throw new TlsConfigException(file + ": not a readable PEM file: " + oneLine(e), e);
        } catch (RuntimeException e) {
            // PEMParser throws unchecked exceptions on some malformed ASN.1 inside valid base64.
            throw new TlsConfigException(file + ": not a readable PEM file: " + oneLine(e), e);
        }
        if (objects.isEmpty()) {
            throw new TlsConfigException(file + ": no PEM blocks found");
        }
        return objects;
    }

    /**
     * Whether {@code key} is the private half of {@code publicKey}, found by signing a random
     * challenge: that works for every key type without knowing how each stores its public part.
     */
    static boolean belongTogether(PrivateKey key, PublicKey publicKey) throws TlsConfigException {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> throw new TlsConfigException("unsupported private key type " + key.getAlgorithm()
                    + "; use an RSA, EC or Ed25519 key");
        };
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void warnIfOutsideValidity(X509Certificate certificate, Path file) {
        try {
            certificate.checkValidity();
        } catch (CertificateExpiredException e) {
            log.warn("{}: certificate expired on {}; clients will refuse it", file, certificate.getNotAfter());
        } catch (CertificateNotYetValidException e) {
            log.warn("{}: certificate is not valid before {}", file, certificate.getNotBefore());
        }
    }

    /** Writes {@code certificates} as PEM, replacing {@code file} in one step. */
    public static void writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
        write(file, false, certificateBlocks(new ArrayList<>(), certificates));
    }

    /**
     * Writes {@code key} as unencrypted PKCS#8 PEM, replacing {@code file} in one step. Where the
     * file system has POSIX permissions the file is readable by its owner only, from the moment
     * it exists: it is created that way rather than narrowed afterwards.
     */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        write(file, true, List.of(new PemObject("PRIVATE KEY", key.getEncoded())));
    }

    /**
     * Writes {@code key} (unencrypted PKCS#8) followed by {@code chain} into one file, readable by
     * its owner only, replacing it in one step: a reader sees the old pair or the new, never a key
     * with the other's certificate. {@link #load} reads it back given the file as both arguments.
     */
    public static void writeKeyAndCertificates(Path file, PrivateKey key, List<X509Certificate> chain)
            throws IOException {
        List<PemObject> blocks = new ArrayList<>(List.of(new PemObject("PRIVATE KEY", key.getEncoded())));
        write(file, true, certificateBlocks(blocks, chain));
    }

    /**
     * Writes a key pair, readable by its owner only: the private key (PKCS#8) and the public key
     * (X.509 SubjectPublicKeyInfo) as two blocks, since a private key alone does not always
     * carry its public half.
     */
    public static void writeKeyPair(Path file, KeyPair pair) throws IOException {
        write(file, true, List.of(new PemObject("PRIVATE KEY", pair.getPrivate().getEncoded()),
                new PemObject("PUBLIC KEY", pair.getPublic().getEncoded())));
    }

    private static List<PemObject> certificateBlocks(List<PemObject> blocks, List<X509Certificate> certificates)
            throws IOException {
        for (X509Certificate certificate : certificates) {
            try {
                blocks.add(new PemObject("CERTIFICATE", certificate.getEncoded()));
            } catch (CertificateException e) {
                throw new IOException("certificate cannot be encoded", e);
            }
        }
        return blocks;
    }

    private static void write(Path file, boolean ownerOnly, List<PemObject> blocks) throws IOException {
        StringWriter pem = new StringWriter();
        try (PemWriter writer = new PemWriter(pem)) {
            for (PemObject block : blocks) {
                writer.writeObject(block);
            }
        }
        replace(file, pem.toString(), ownerOnly);
    }

    /** The key pair {@link #writeKeyPair} wrote, checked to belong together. */
    public static KeyPair readKeyPair(Path file) throws TlsConfigException {
        PrivateKey key = readPrivateKey(file);
        PublicKey publicKey = null;
        for (Object object : readObjects(file)) {
            if (object instanceof SubjectPublicKeyInfo info) {
                try {
                    publicKey = new JcaPEMKeyConverter().getPublicKey(info);
                } catch (IOException e) {
                    throw new TlsConfigException(file + ": unusable public key: " + oneLine(e), e);
                }
            }
        }
        if (publicKey == null) {
            throw new TlsConfigException(file + ": no public key found (expected a BEGIN PUBLIC KEY block)");
        }
        if (!belongTogether(key, publicKey)) {
            throw new TlsConfigException(file + ": the private and public keys do not belong together");
        }
        return new KeyPair(publicKey, key);
    }

    private static void replace(Path file, String content, boolean ownerOnly) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        FileAttribute<?>[] attributes = posix && ownerOnly
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", attributes);
        try {
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.US_ASCII)) {
                writer.write(content);
            }
            if (posix && !ownerOnly) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    /**
     * Makes {@code dir} readable by its owner only if missing, and its parent (the data folder)
     * likewise: the first start may make both here.
     */
    public static void createPrivateDirectory(Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            PrivateDirectory.create(parent);
        }
        PrivateDirectory.create(dir);
    }
}
