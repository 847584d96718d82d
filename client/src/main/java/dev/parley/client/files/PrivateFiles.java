package dev.parley.client.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Small text files of the user's own state (pinned certificates, the time of the last message
 * seen): readable by the user alone, and never left half written.
 */
public final class PrivateFiles {
    private PrivateFiles() {
    }

    /** The file's lines, or none when it does not exist yet. */
    public static List<String> readLines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    /** Replaces the file's content; its folder is made (rwx------) when missing. */
    public static void write(Path file, List<String> lines) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (Files.notExists(dir)) {
            Files.createDirectories(dir);
            restrict(dir, "rwx------");
        }
        // Written beside and moved over, so that a crash never leaves half a file.
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(temp, lines, StandardCharsets.UTF_8);
            restrict(temp, "rw-------");
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void restrict(Path path, String permissions) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the platform's defaults will have to do
        }
    }
}
