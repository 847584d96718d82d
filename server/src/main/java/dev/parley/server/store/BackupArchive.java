package dev.parley.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.api.MigrationInfo;
import org.sqlite.SQLiteDataSource;

/**
 * The format of a backup file: one zip holding
 * <ul>
 *   <li>{@code parley-backup.properties}: the format's version, when it was made and what it holds;</li>
 *   <li>{@code parley.db}: a consistent copy of the database;</li>
 *   <li>{@code tls/...}: the data folder's TLS material (the self-signed certificate and its key).</li>
 * </ul>
 * A zip, because every entry carries a CRC-32 that the JDK checks as it reads, so a damaged file
 * is found before anything is replaced; and because {@code unzip -l} shows any administrator what
 * is inside. The files are the same as in the data folder, so a backup can also be unpacked by hand.
 */
final class BackupArchive {
    static final String MANIFEST = "parley-backup.properties";
    static final String DATABASE = Database.FILE_NAME;
    static final String TLS = DataFolder.TLS;
    /** The folders of TLS material a backup carries: the self-signed certificate, and ACME's. */
    static final List<String> TLS_FOLDERS = List.of(DataFolder.TLS, DataFolder.ACME);
    /** Raised when a backup gains something an older restore would not know what to do with. */
    static final int FORMAT = 1;

    static final String KEY_FORMAT = "format";
    static final String KEY_CREATED = "created";
    static final String KEY_SCHEMA = "schema_version";

    private BackupArchive() {
    }

    /**
     * Where the entry of this name is unpacked under {@code folder}; empty for a name no backup
     * has, which includes every name that would climb out of the folder.
     */
    static Optional<Path> place(String entryName, Path folder) {
        if (entryName.equals(MANIFEST) || entryName.equals(DATABASE)) {
            return Optional.of(folder.resolve(entryName));
        }
        String top = entryName.indexOf('/') < 0 ? "" : entryName.substring(0, entryName.indexOf('/'));
        if (!TLS_FOLDERS.contains(top)) {
            return Optional.empty();
        }
        for (String part : entryName.substring(top.length() + 1).split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return Optional.empty();
            }
        }
        return Optional.of(folder.resolve(entryName));
    }

    /** Counts what a database file holds; {@code tlsFiles} is counted by the caller. */
    static BackupContents contents(Path databaseFile, int tlsFiles) throws SQLException {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + databaseFile);
        MigrationInfo current = Database.flyway(source).info().current();
        try (Connection connection = source.getConnection(); Statement sql = connection.createStatement()) {
            return new BackupContents(current == null ? "none" : current.getVersion().getVersion(),
                    count(sql, "SELECT count(*) FROM accounts"), count(sql, "SELECT count(*) FROM history"), tlsFiles);
        }
    }

    private static long count(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    /** An empty file readable by this user only (where the file system has POSIX modes). */
    static Path createPrivateFile(Path folder, String prefix, String suffix) throws IOException {
        if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.createTempFile(folder, prefix, suffix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.createTempFile(folder, prefix, suffix);
    }
}
