package dev.parley.server.store;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.sqlite.SQLiteDataSource;

/**
 * Puts a backup (see {@link BackupArchive}) into the data folder of a stopped server.
 *
 * <p>Everything is checked before anything is replaced: the server must not be running (the
 * {@link DataFolderLock} is held for the whole restore, so it cannot start meanwhile either), the
 * file must be whole (every zip entry's CRC, then SQLite's integrity check of the database) and
 * its schema no newer than this build's migrations. An older schema is fine: the server migrates
 * it on start. What the restore replaces is moved into {@code before-restore-<time>/} in the data
 * folder, not deleted.
 */
public final class BackupRestorer {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    /** The data folder's files a restore replaces: the database with its WAL files, and the TLS folders. */
    private static final List<String> REPLACED = java.util.stream.Stream.concat(
            Stream.of(BackupArchive.DATABASE, BackupArchive.DATABASE + "-wal", BackupArchive.DATABASE + "-shm"),
            BackupArchive.TLS_FOLDERS.stream()).toList();

    /**
     * What was restored.
     *
     * @param previous where the data folder's former database and TLS folder were moved, if it had any
     */
    public record Restored(BackupContents contents, Optional<Path> previous) {
    }

    private BackupRestorer() {
    }

    /**
     * Restores the backup read from {@code in} ({@code name} is how messages call it) into {@code dataDir}.
     *
     * @throws BackupRefusedException when the server runs, or the backup is damaged or too new; nothing was changed
     */
    public static Restored restore(InputStream in, String name, Path dataDir) throws IOException, BackupRefusedException {
        checkOwner(dataDir);
        Optional<DataFolderLock> lock = DataFolderLock.tryAcquire(dataDir);
        if (lock.isEmpty()) {
            throw new BackupRefusedException("the server is running on " + dataDir
                    + DataFolderLock.holderPid(dataDir).map(pid -> " (pid " + pid + ")").orElse("")
                    + "; stop it first, then restore");
        }
        try (DataFolderLock held = lock.get()) {
            Path unpacked = Files.createTempDirectory(dataDir, ".restore-");
            try {
                int tlsFiles = unpack(in, name, unpacked);
                Path database = unpacked.resolve(BackupArchive.DATABASE);
                checkWhole(database, name);
                BackupContents contents = checkSchema(database, name, tlsFiles);
                return new Restored(contents, replace(dataDir, unpacked));
            } finally {
                deleteTree(unpacked);
            }
        }
    }

    /** Files made by another user (root, by sudo) would be unreadable by the server. */
    private static void checkOwner(Path dataDir) throws IOException, BackupRefusedException {
        if (!Files.isDirectory(dataDir) || !dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        String owner = Files.getOwner(dataDir).getName();
        String me = System.getProperty("user.name");
        if (!owner.equals(me)) {
            throw new BackupRefusedException(dataDir + " belongs to " + owner + ", not " + me
                    + ": restore as its owner (sudo -u " + owner + " parley admin ...) so the server can read the files");
        }
    }

    /** Unpacks every entry, checking names and CRCs; returns how many TLS files there were. */
    private static int unpack(InputStream in, String name, Path folder) throws IOException, BackupRefusedException {
        Properties manifest = null;
        boolean database = false;
        int tlsFiles = 0;
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Optional<Path> place = BackupArchive.place(entry.getName(), folder);
                if (place.isEmpty()) {
                    throw new BackupRefusedException(name + " is not a Parley backup (it holds " + entry.getName()
                            + "); nothing was changed");
                }
                if (entry.isDirectory()) {
                    continue;
                }
                Database.createFolderPrivately(place.get().getParent());
                Path file = BackupArchive.createPrivateFile(place.get().getParent(), ".part-", "");
                // Reading to the entry's end is what checks its CRC. Written into the private file
                // made above: Files.copy with REPLACE_EXISTING would delete it and make a new one
                // with the umask's mode (a TLS key readable by all, but for the folder's 0700).
                try (OutputStream out = Files.newOutputStream(file)) {
                    zip.transferTo(out);
                }
                Files.move(file, place.get());
                if (entry.getName().equals(BackupArchive.MANIFEST)) {
                    manifest = new Properties();
                    try (InputStream text = Files.newInputStream(place.get())) {
                        manifest.load(text);
                    }
                } else if (entry.getName().equals(BackupArchive.DATABASE)) {
                    database = true;
                } else {
                    tlsFiles++;
                }
            }
        } catch (ZipException | EOFException | FileAlreadyExistsException e) {
            throw new BackupRefusedException(name + " is damaged (" + e.getMessage() + "); nothing was changed");
        }
        if (manifest == null || !database) {
            throw new BackupRefusedException(name + " is not a Parley backup (no " + (manifest == null
                    ? BackupArchive.MANIFEST : BackupArchive.DATABASE) + " in it); nothing was changed");
        }
        String format = manifest.getProperty(BackupArchive.KEY_FORMAT, "");
        if (!format.equals(String.valueOf(BackupArchive.FORMAT))) {
            throw new BackupRefusedException(name + " is a backup of format " + format + ", which this Parley (format "
                    + BackupArchive.FORMAT + ") cannot read; restore it with the Parley that made it");
        }
        return tlsFiles;
    }

    private static void checkWhole(Path database, String name) throws BackupRefusedException {
        List<String> problems = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("PRAGMA integrity_check")) {
            while (rows.next()) {
                problems.add(rows.getString(1));
            }
        } catch (SQLException e) {
            problems = List.of(e.getMessage());
        }
        if (!problems.equals(List.of("ok"))) {
            throw new BackupRefusedException(name + " is damaged: its database fails SQLite's integrity check ("
                    + problems.get(0) + (problems.size() > 1 ? ", and " + (problems.size() - 1) + " more" : "")
                    + "); nothing was changed");
        }
    }

    /** Refuses a database with migrations this build does not have; returns what it holds. */
    private static BackupContents checkSchema(Path database, String name, int tlsFiles)
            throws BackupRefusedException, IOException {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + database);
        MigrationInfoService info;
        try {
            info = Database.flyway(source).info();
        } catch (FlywayException e) {
            throw new BackupRefusedException(name + " is damaged: " + e.getMessage() + "; nothing was changed");
        }
        List<String> future = Stream.of(info.applied())
                .filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED)
                .map(m -> m.getVersion().getVersion()).toList();
        if (!future.isEmpty()) {
            String known = Stream.of(info.all()).filter(m -> m.getState().isResolved())
                    .map(MigrationInfo::getVersion).max(Comparator.naturalOrder()).map(Object::toString).orElse("none");
            throw new BackupRefusedException(name + " comes from a newer Parley (database schema version "
                    + future.get(future.size() - 1) + "; this one knows up to " + known
                    + "); restore it with that version or newer; nothing was changed");
        }
        try {
            return BackupArchive.contents(database, tlsFiles);
        } catch (SQLException e) {
            throw new BackupRefusedException(name + " is damaged: " + e.getMessage() + "; nothing was changed");
        }
    }

    /** Moves what is there aside and the unpacked files in; returns where the former ones went. */
    private static Optional<Path> replace(Path dataDir, Path unpacked) throws IOException {
        List<String> present = REPLACED.stream().filter(f -> Files.exists(dataDir.resolve(f))).toList();
        Optional<Path> previous = Optional.empty();
        if (!present.isEmpty()) {
            Path aside = dataDir.resolve("before-restore-" + LocalDateTime.now().format(STAMP));
            Database.createFolderPrivately(aside);
            for (String f : present) {
                Files.move(dataDir.resolve(f), aside.resolve(f));
            }
            previous = Optional.of(aside);
        }
        Files.move(unpacked.resolve(BackupArchive.DATABASE), dataDir.resolve(BackupArchive.DATABASE));
        for (String folder : BackupArchive.TLS_FOLDERS) {
            if (Files.isDirectory(unpacked.resolve(folder))) {
                Files.move(unpacked.resolve(folder), dataDir.resolve(folder));
            }
        }
        return previous;
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
