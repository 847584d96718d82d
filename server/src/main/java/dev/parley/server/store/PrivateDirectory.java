package dev.parley.server.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates the folders that hold secrets (the data folder, its TLS folder) readable by the server's
 * user only, from the moment they exist: made with mode 0700 rather than made with the umask and
 * narrowed afterwards, which would leave a moment when they are open and, if another part of the
 * server made the folder first, no narrowing at all.
 */
public final class PrivateDirectory {
    private PrivateDirectory() {
    }

    /** Makes {@code dir} (mode 0700 where the file system has POSIX modes) unless it exists; its parents as usual. */
    public static void create(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            if (absolute.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(absolute);
            }
        } catch (FileAlreadyExistsException raced) {
            // Another process (parley admin, a second start) made it first, the same way.
        }
    }
}
