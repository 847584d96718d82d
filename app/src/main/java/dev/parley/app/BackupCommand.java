package dev.parley.app;

import dev.parley.server.store.BackupContents;
import dev.parley.server.store.BackupRefusedException;
import dev.parley.server.store.BackupWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code parley admin backup FILE}: a consistent copy of the database and the TLS material, made
 * while the server runs (it goes on serving). The file appears only when it is complete: it is
 * written beside its final name and renamed into place, so a failed backup never looks like a good one.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Back up the database and the TLS files into FILE (a zip), while the server runs or not;"
                + " - writes the backup to standard output.")
final class BackupCommand implements Callable<Integer> {
    @ParentCommand
    AdminCommand admin;

    @Parameters(paramLabel = "FILE", description = "Where to write the backup (mode 0600), or - for standard output.")
    String target;

    @Override
    public Integer call() {
        return admin.withDataDir((dataDir, out, err) -> {
            if (target.equals("-")) {
                OutputStream stdout = new BufferedOutputStream(System.out);
                BackupContents contents = BackupWriter.write(dataDir, stdout, Path.of(System.getProperty("java.io.tmpdir")));
                stdout.flush();
                err.println("Backed up " + contents.describe());
                return 0;
            }
            BackupContents contents = writeThenRename(dataDir, Path.of(target).toAbsolutePath());
            out.println("Backed up " + contents.describe() + " to " + target);
            return 0;
        });
    }

    private static BackupContents writeThenRename(Path dataDir, Path file) throws IOException, BackupRefusedException {
        Path folder = file.getParent();
        if (!Files.isDirectory(folder)) {
            throw new BackupRefusedException("no folder " + folder + " to write the backup in");
        }
        Path partial = Files.createTempFile(folder, "." + file.getFileName() + ".", ".partial",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            BackupContents contents;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial))) {
                contents = BackupWriter.write(dataDir, out, folder);
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return contents;
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
