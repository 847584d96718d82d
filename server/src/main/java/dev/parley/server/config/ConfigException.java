package dev.parley.server.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A configuration file that cannot be used. The message is one line meant for the person
 * who wrote the file, {@code <file>:<line>: <key path>: <what is wrong>}, for example
 * {@code parley.toml:7: listen[0].port: must be between 0 and 65535, got 70000}.
 * When the file has several problems the message names the first one (by line) and
 * {@link #problems()} lists them all, one line each.
 */
public final class ConfigException extends Exception {
    private final transient Path file;
    private final List<String> problems;

    ConfigException(Path file, List<String> problems) {
        super(problems.get(0));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    ConfigException(Path file, String problem) {
        this(file, List.of(problem));
    }

    /** The configuration file the problems are in. */
    public Path file() {
        return file;
    }

    /** Every problem found, in file order, each formatted like {@link #getMessage()}. */
    public List<String> problems() {
        return problems;
    }
}
