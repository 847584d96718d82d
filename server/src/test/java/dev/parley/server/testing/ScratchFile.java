package dev.parley.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One file in a fresh temporary folder, rewritten for every input of a fuzz target that reads files
 * (Jazzer runs a target's inputs in one JVM, where {@code @TempDir} per input would cost a folder each).
 */
public final class ScratchFile implements AutoCloseable {
    private final Path dir;
    private final Path file;

    public ScratchFile(String name) throws IOException {
        dir = Files.createTempDirectory("parley-fuzz");
        file = dir.resolve(name);
    }

    /** The file, holding {@code content}. */
    public Path write(byte[] content) throws IOException {
        Files.write(file, content);
        return file;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
        Files.delete(dir);
    }
}
