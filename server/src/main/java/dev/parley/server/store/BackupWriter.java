package dev.parley.server.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.sqlite.SQLiteConfig;

/**
 * Makes a backup (see {@link BackupArchive}) of a data folder, while the server runs or not.
 *
 * <p>The database is copied with SQLite's {@code VACUUM INTO}: one read transaction, so the copy
 * is exactly the database as of one commit, and in WAL mode a reader never blocks the server's
 * writer, so chat goes on meanwhile. (SQLite's page-by-page backup API would start over each time
 * the server commits, which on a busy server may be for ever.)
 */
public final class BackupWriter {
    private BackupWriter() {
    }

    /**
     * Writes a backup of {@code dataDir} to {@code out}; the database copy is made first in
     * {@code scratchDir} (a file readable by this user only, deleted afterwards).
     */
    public static BackupContents write(Path dataDir, OutputStream out, Path scratchDir)
            throws IOException, BackupRefusedException {
        Path database = dataDir.resolve(BackupArchive.DATABASE);
        if (!Files.isRegularFile(database)) {
            throw new BackupRefusedException("no database in " + dataDir + " (is it the server's data folder?)");
        }
        // VACUUM INTO writes into an empty file, so the copy keeps the private mode made here.
        Path copy = BackupArchive.createPrivateFile(scratchDir, ".parley-backup-", ".db");
        try {
            copyDatabase(database, copy);
            List<Path> tlsFiles = new java.util.ArrayList<>();
            for (String folder : BackupArchive.TLS_FOLDERS) {
                tlsFiles.addAll(tlsFiles(dataDir.resolve(folder)));
            }
            BackupContents contents = BackupArchive.contents(copy, tlsFiles.size());
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry(BackupArchive.MANIFEST));
                manifest(contents).store(zip, "Parley backup: restore with parley admin restore FILE");
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(BackupArchive.DATABASE));
                Files.copy(copy, zip);
                zip.closeEntry();
                for (Path file : tlsFiles) {
                    String relative = dataDir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                    zip.putNextEntry(new ZipEntry(relative));
                    Files.copy(file, zip);
                    zip.closeEntry();
                }
            }
            return contents;
        } catch (SQLException e) {
            throw new IOException("cannot copy " + database + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private static void copyDatabase(Path database, Path copy) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        // Only a WAL recovery after a crash can make a reader wait; the server's writes never do.
        config.setBusyTimeout((int) Database.DEFAULT_BUSY_TIMEOUT.toMillis());
        try (Connection connection = config.createConnection("jdbc:sqlite:" + database);
             PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, copy.toString());
            vacuum.execute();
        }
    }

    private static List<Path> tlsFiles(Path tlsDir) throws IOException {
        if (!Files.isDirectory(tlsDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(tlsDir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static Properties manifest(BackupContents contents) {
        Properties manifest = new Properties();
        manifest.setProperty(BackupArchive.KEY_FORMAT, String.valueOf(BackupArchive.FORMAT));
        manifest.setProperty(BackupArchive.KEY_CREATED, Instant.now().toString());
        manifest.setProperty(BackupArchive.KEY_SCHEMA, contents.schemaVersion());
        manifest.setProperty("accounts", String.valueOf(contents.accounts()));
        manifest.setProperty("history_lines", String.valueOf(contents.historyLines()));
        return manifest;
    }
}
