package dev.parley.server.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Says that one process owns a data folder: a running {@code parley server} holds it for its whole
 * life, and {@code parley admin restore} while it replaces the database, so that neither can
 * happen under the other (and two servers cannot share one folder). {@code parley admin}'s other
 * commands do not take it: they are made to work beside a running server.
 *
 * <p>The lock is the operating system's lock on {@code <dataDir>/parley.lock}, so it goes with the
 * process however that ends (even {@code kill -9}); a stale file left behind means nothing. The
 * holder's pid is written into the file for the person who wonders who holds it.
 */
public final class DataFolderLock implements AutoCloseable {
    /** The lock file's name inside the data folder. */
    public static final String FILE_NAME = "parley.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the data folder (creating it, private to this user, when missing), or returns empty at
     * once when another process (or another holder in this one) has it.
     */
    public static Optional<DataFolderLock> tryAcquire(Path dataDir) throws IOException {
        boolean posix = Database.createFolderPrivately(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileChannel channel = posix
                ? FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : FileChannel.open(file, options);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(false);
            return Optional.of(new DataFolderLock(channel, lock));
        } catch (OverlappingFileLockException heldHere) {
            channel.close();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The pid the lock file names (the holder's, when it is held), if it names one. */
    public static Optional<Long> holderPid(Path dataDir) {
        try {
            return Optional.of(Long.parseLong(Files.readString(dataDir.resolve(FILE_NAME), StandardCharsets.US_ASCII).strip()));
        } catch (IOException | NumberFormatException none) {
            return Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
