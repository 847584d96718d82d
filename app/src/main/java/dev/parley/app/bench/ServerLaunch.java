package dev.parley.app.bench;

import java.util.List;

/**
 * How to start {@code parley server} in a JVM of its own: the class whose main is the parley
 * command (given by the command itself, so that this package does not depend on it) and the JVM
 * options for the server.
 */
public record ServerLaunch(String mainClass, List<String> javaOptions) {
    public ServerLaunch {
        javaOptions = List.copyOf(javaOptions);
    }

    /** The options as the benchmarks print them. */
    String describe() {
        return javaOptions.isEmpty() ? "default options" : String.join(" ", javaOptions);
    }
}
