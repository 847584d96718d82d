package dev.parley.app;

import dev.parley.server.store.BackupRestorer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code parley admin restore FILE}: puts a backup into a stopped server's data folder. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a backup into the data folder of a stopped server (refuses a damaged or newer backup);"
                + " - reads it from standard input.")
final class RestoreCommand implements Callable<Integer> {
    @ParentCommand
    AdminCommand admin;

    @Parameters(paramLabel = "FILE", description = "A file made by parley admin backup, or - for standard input.")
    String source;

    @Override
    public Integer call() {
        return admin.withDataDir((dataDir, out, err) -> {
            boolean stdin = source.equals("-");
            if (!stdin && !Files.isReadable(Path.of(source))) {
                err.println("parley admin: no file " + source);
                return 1;
            }
            BackupRestorer.Restored restored;
            try (InputStream in = stdin ? System.in : Files.newInputStream(Path.of(source))) {
                restored = BackupRestorer.restore(in, stdin ? "the backup" : source, dataDir);
            }
            out.println("Restored " + restored.contents().describe() + " into " + dataDir);
            restored.previous().ifPresent(p -> out.println("The data it replaced is in " + p + " (delete it when all is well)"));
            return 0;
        });
    }
}
