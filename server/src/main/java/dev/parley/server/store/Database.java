package dev.parley.server.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The server's embedded SQLite database, {@code <dataDir>/parley.db}, with its schema brought up to
 * date on open.
 *
 * <p>The server and {@code parley admin} may have the same file open at the same time from two
 * processes. That works because of three settings: WAL journaling (readers never block the writer),
 * a busy timeout (a writer waits for the other process's write instead of failing at once), and
 * {@code BEGIN IMMEDIATE} transactions (a writer takes the write lock up front, so two writers can
 * never deadlock by both upgrading from a read lock).
 *
 * <p>Within one process all writes go through one connection, one at a time; reads use a small
 * pool of other connections and see the last committed state. Every method blocks on disk I/O,
 * so none of it may run on a network event loop.
 */
public final class Database implements AutoCloseable {

    /** The file name inside the data directory. */
    public static final String FILE_NAME = "parley.db";

    /** How long a write waits for another process's write before giving up. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    /** Readers kept open between calls; more are opened (and then closed) under a burst. */
    private static final int IDLE_READERS = 4;

    /** Two Databases in one JVM (tests, an embedded admin) must not migrate at the same time either. */
    private static final Object MIGRATION_MONITOR = new Object();

    private final Path file;
    private final SQLiteDataSource dataSource;
    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<Connection> idleReaders = new ArrayBlockingQueue<>(IDLE_READERS);
    private volatile boolean closed;

    private Database(Path file, SQLiteDataSource dataSource, Connection writer) {
        this.file = file;
        this.dataSource = dataSource;
        this.writer = writer;
    }

    /** Opens (creating if needed) {@code <dataDir>/parley.db} and migrates it to the current schema. */
    public static Database open(Path dataDir) {
        return open(dataDir, DEFAULT_BUSY_TIMEOUT);
    }

    /**
     * Opens (creating if needed) {@code <dataDir>/parley.db} and migrates it to the current schema.
     *
     * @param busyTimeout how long to wait for another process holding the write lock
     */
    public static Database open(Path dataDir, Duration busyTimeout) {
        Objects.requireNonNull(dataDir, "dataDir");
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
        try {
            createPrivately(dataDir, file);
        } catch (IOException e) {
            throw new StoreException("cannot create database file " + file, e);
        }

        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // NORMAL is durable in WAL mode except for the last commits on power loss, and avoids an
        // fsync per login audit row.
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        config.enforceForeignKeys(true);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);

        Connection writer = null;
        try {
            // Migrated first, under the migration lock: the first connection to a new file turns on
            // WAL, which needs the file to itself, and a second opener's connection doing the same
            // at that moment would be refused as busy rather than wait.
            migrate(dataSource, dataDir);
            writer = dataSource.getConnection();
            log.info("Opened database {}", file);
            return new Database(file, dataSource, writer);
        } catch (SQLException | IOException | RuntimeException e) {
            closeQuietly(writer);
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("cannot open database " + file + ": " + e.getMessage(), e);
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /**
     * Runs {@code work} in one write transaction, committed if it returns and rolled back if it
     * throws. Writes from this process run one at a time; a write from another process is waited
     * for up to the busy timeout. A write inside a write joins the outer transaction.
     */
    public <T> T write(SqlWork<T> work) {
        ensureOpen();
        if (writeLock.isHeldByCurrentThread()) {
            return runJoined(work);
        }
        writeLock.lock();
        try {
            ensureOpen();
            // Transactions are begun and ended by hand: the driver's own commit() immediately opens
            // the next transaction, which with IMMEDIATE would hold the file's write lock forever
            // and starve the other process.
            exec(writer, "BEGIN IMMEDIATE");
            try {
                T result = work.run(writer);
                exec(writer, "COMMIT");
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                // Also after a failed COMMIT, which leaves the transaction open.
                rollback(writer);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("database write failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs {@code work} in one read transaction, so all its queries see the same committed state.
     * Inside {@link #write} it runs on the writer's connection and sees the uncommitted changes.
     */
    public <T> T read(SqlWork<T> work) {
        ensureOpen();
        if (writeLock.isHeldByCurrentThread()) {
            return runJoined(work);
        }
        Connection reader = idleReaders.poll();
        boolean healthy = false;
        try {
            if (reader == null) {
                reader = dataSource.getConnection();
            }
            exec(reader, "BEGIN");
            try {
                T result = work.run(reader);
                exec(reader, "COMMIT");
                healthy = true;
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(reader);
                healthy = true;
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("database read failed: " + e.getMessage(), e);
        } finally {
            if (reader != null && !(healthy && !closed && idleReaders.offer(reader))) {
                closeQuietly(reader);
            }
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            closeQuietly(writer);
            Connection reader;
            while ((reader = idleReaders.poll()) != null) {
                closeQuietly(reader);
            }
            log.info("Closed database {}", file);
        } finally {
            writeLock.unlock();
        }
    }

    private <T> T runJoined(SqlWork<T> work) {
        try {
            return work.run(writer);
        } catch (SQLException e) {
            throw new StoreException("database write failed: " + e.getMessage(), e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("database is closed");
        }
    }

    /**
     * The database holds password hashes, so it is created readable by the server's user only
     * (SQLite gives its -wal and -shm files the same permissions as the database file).
     */
    private static void createPrivately(Path dataDir, Path file) throws IOException {
        boolean posix = createFolderPrivately(dataDir);
        if (posix && !Files.exists(file)) {
            try {
                Files.createFile(file,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException raced) {
                // The other process created it first; its permissions apply.
            }
        }
    }

    /** Creates the data folder, readable by this user only, if missing; true where files have POSIX modes. */
    static boolean createFolderPrivately(Path dataDir) throws IOException {
        boolean posix = dataDir.getFileSystem().supportedFileAttributeViews().contains("posix");
        PrivateDirectory.create(dataDir);
        return posix;
    }

    private static void migrate(SQLiteDataSource dataSource, Path dataDir) throws IOException {
        // Flyway's SQLite support takes no lock of its own, and a server and `parley admin`
        // starting together on a new data directory would both try to create the schema.
        Path lockFile = dataDir.resolve(FILE_NAME + ".migration-lock");
        synchronized (MIGRATION_MONITOR) {
            try (FileChannel channel = FileChannel.open(lockFile,
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = channel.lock();
                try {
                    MigrateResult result = flyway(dataSource).migrate();
                    if (result.migrationsExecuted > 0) {
                        log.info("Database schema migrated to version {} ({} migrations applied)",
                                result.targetSchemaVersion, result.migrationsExecuted);
                    }
                } finally {
                    lock.release();
                }
            }
        }
    }

    /** Flyway as this build knows the schema: also what a restore checks a backup's schema against. */
    static Flyway flyway(DataSource dataSource) {
        return Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource)
                // One folder per database kind, because DDL differs (STRICT tables, BLOB).
                .locations("classpath:db/migration/sqlite")
                .failOnMissingLocations(true)
                .load();
    }

    private static void exec(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void rollback(Connection connection) {
        try {
            exec(connection, "ROLLBACK");
        } catch (SQLException e) {
            // SQLite may already have rolled back (e.g. after a disk error); nothing left to undo.
            log.debug("Rollback after a failed transaction also failed", e);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("Closing a database connection failed", e);
        }
    }
}
