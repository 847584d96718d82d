package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a backup carries besides the database: the TLS material clients pinned or the CA issued. */
class BackupTest {
    @TempDir
    Path dir;

    @Test
    void theSelfSignedAndTheAcmeCertificatesTravelWithTheBackupAndStayPrivate() throws Exception {
        Path source = dir.resolve("source");
        Database.open(source).close();
        write(source.resolve(DataFolder.TLS).resolve("certificate.pem"), "self-signed");
        write(source.resolve(DataFolder.ACME).resolve("certificate.pem"), "issued by the CA, with its key");
        write(source.resolve(DataFolder.ACME).resolve("account-key.pem"), "the ACME account");

        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        BackupContents written = BackupWriter.write(source, archive, dir);
        assertThat(written.tlsFiles()).isEqualTo(3);

        Path target = dir.resolve("target");
        BackupRestorer.Restored restored = BackupRestorer.restore(new ByteArrayInputStream(archive.toByteArray()),
                "the backup", target);
        assertThat(restored.contents().tlsFiles()).isEqualTo(3);
        assertThat(Files.readString(target.resolve(DataFolder.TLS).resolve("certificate.pem"))).isEqualTo("self-signed");
        assertThat(Files.readString(target.resolve(DataFolder.ACME).resolve("certificate.pem")))
                .isEqualTo("issued by the CA, with its key");
        assertThat(Files.readString(target.resolve(DataFolder.ACME).resolve("account-key.pem")))
                .isEqualTo("the ACME account");
        for (String folder : new String[] {DataFolder.TLS, DataFolder.ACME}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve(folder))))
                    .as(folder).isEqualTo("rwx------");
        }
        assertThat(PosixFilePermissions.toString(
                Files.getPosixFilePermissions(target.resolve(DataFolder.ACME).resolve("account-key.pem"))))
                .isEqualTo("rw-------");
    }

    private static void write(Path file, String text) throws Exception {
        PrivateDirectory.create(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
