package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ParleyServer;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.testing.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code parley admin restore} refuses a damaged backup, a backup from a newer schema and a file
 * that is no backup, each with one line, leaving the data folder as it was; a good one is restored
 * and what it replaced kept aside.
 */
class RestoreRefusalTest {
    @TempDir
    Path dir;
    private Path good;
    private Path target;

    private CommandRun admin(Path dataDir, String stdin, String... args) {
        String[] all = Stream.concat(Stream.of("admin", "--data-dir", dataDir.toString()), Stream.of(args))
                .toArray(String[]::new);
        return CommandRun.run(stdin, all);
    }

    @BeforeEach
    void aBackupAndAFolderToRestoreInto() throws Exception {
        Path source = dir.resolve("source");
        // A server's first start makes the TLS material a backup carries.
        ParleyServer.start(TestServers.plaintext(source)
                .withListen(List.of(new ParleyConfig.ListenSection("127.0.0.1", 0, true)))).close();
        assertThat(admin(source, "pw-one\n", "add", "19803021", "--display-name", "Pranav Gupta", "--password-stdin")
                .exitCode()).isZero();
        good = dir.resolve("good.zip");
        assertThat(admin(source, null, "backup", good.toString()).exitCode()).isZero();
        target = dir.resolve("target");
        assertThat(admin(target, "pw-two\n", "add", "19803099", "--display-name", "Someone Else", "--password-stdin")
                .exitCode()).isZero();
    }

    /** The restore is refused with {@code message} and the target folder is exactly as before. */
    private void refused(Path backup, String message) throws Exception {
        String before = digest(target.resolve("parley.db"));
        List<Path> filesBefore = files(target);
        CommandRun run = admin(target, null, "restore", backup.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("parley admin: " + message);
        assertThat(run.out()).isEmpty();
        assertThat(digest(target.resolve("parley.db"))).isEqualTo(before);
        assertThat(files(target)).isEqualTo(filesBefore);
    }

    @Test
    void aFileDamagedInTransitIsRefusedByItsChecksums() throws Exception {
        byte[] bytes = Files.readAllBytes(good);
        // The database is most of the file; a few bytes from its middle are lost.
        for (int i = bytes.length / 2; i < bytes.length / 2 + 8; i++) {
            bytes[i] ^= (byte) 0x5A;
        }
        Path damaged = dir.resolve("damaged.zip");
        Files.write(damaged, bytes);
        CommandRun run = admin(target, null, "restore", damaged.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("parley admin: " + damaged + " is damaged (")
                .endsWith("); nothing was changed");
        refused(damaged, run.err().strip().substring("parley admin: ".length()));
    }

    @Test
    void aDatabaseThatFailsTheIntegrityCheckIsRefused() throws Exception {
        Path damaged = rewrite("torn.zip", database -> {
            byte[] bytes = Files.readAllBytes(database);
            int pageSize = ((bytes[16] & 0xFF) << 8 | (bytes[17] & 0xFF)) == 1 ? 65536
                    : (bytes[16] & 0xFF) << 8 | (bytes[17] & 0xFF);
            // Page 2 onwards hold the tables; the header page stays, so the file still opens.
            for (int i = pageSize; i < Math.min(bytes.length, 3 * pageSize); i++) {
                bytes[i] = (byte) 0x55;
            }
            Files.write(database, bytes);
        });
        CommandRun run = admin(target, null, "restore", damaged.toString());
        assertThat(run.err().strip()).startsWith("parley admin: " + damaged
                + " is damaged: its database fails SQLite's integrity check (");
        refused(damaged, run.err().strip().substring("parley admin: ".length()));
    }

    @Test
    void aBackupFromANewerSchemaIsRefused() throws Exception {
        Path newer = rewrite("newer.zip", database -> {
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database);
                 Statement sql = db.createStatement()) {
                sql.execute("CREATE TABLE from_the_future (x INTEGER)");
                sql.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                        + " checksum, installed_by, execution_time, success)"
                        + " VALUES (99, '99', 'from the future', 'SQL', 'V99__from_the_future.sql', 0, 'test', 1, 1)");
            }
        });
        refused(newer, newer + " comes from a newer Parley (database schema version 99; this one knows up to "
                + latestMigration() + "); restore it with that version or newer; nothing was changed");
    }

    @Test
    void aFileThatIsNoBackupIsRefused() throws Exception {
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "not a backup\n");
        refused(notes, notes + " is not a Parley backup (no parley-backup.properties in it); nothing was changed");
        refused(dir.resolve("missing.zip"), "no file " + dir.resolve("missing.zip"));
    }

    @Test
    void aGoodBackupReplacesTheDatabaseAndKeepsTheFormerOneAside() throws Exception {
        String former = digest(target.resolve("parley.db"));
        CommandRun run = admin(target, null, "restore", good.toString());
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Restored 1 account, 0 history lines, 2 TLS files, schema version "
                + latestMigration() + " into " + target);
        assertThat(admin(target, null, "list").out()).contains("19803021").doesNotContain("19803099");
        try (Stream<Path> aside = Files.list(target).filter(p -> p.getFileName().toString().startsWith("before-restore-"))) {
            Path previous = aside.findFirst().orElseThrow();
            assertThat(run.out()).contains("The data it replaced is in " + previous);
            assertThat(digest(previous.resolve("parley.db"))).isEqualTo(former);
        }
    }

    @FunctionalInterface
    private interface Change {
        void apply(Path database) throws Exception;
    }

    /** A copy of the good backup whose database is changed (and whose checksums are right again). */
    private Path rewrite(String name, Change change) throws Exception {
        Path work = Files.createDirectory(dir.resolve(name + ".d"));
        Path out = dir.resolve(name);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(good));
             ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path file = work.resolve(entry.getName().replace('/', '_'));
                Files.copy(in, file);
                if (entry.getName().equals("parley.db")) {
                    change.apply(file);
                }
                zip.putNextEntry(new ZipEntry(entry.getName()));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
        return out;
    }

    /** The schema version of this build: the one a new database has. */
    private String latestMigration() throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + target.resolve("parley.db"));
             Statement sql = db.createStatement();
             ResultSet max = sql.executeQuery("SELECT max(CAST(version AS INTEGER)) FROM flyway_schema_history")) {
            return String.valueOf(max.getInt(1));
        }
    }

    /** Every file under {@code folder} but the lock file, which a restore leaves behind as a server does. */
    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(p -> !p.getFileName().toString().equals("parley.lock")).sorted().toList();
        }
    }

    private static String digest(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
