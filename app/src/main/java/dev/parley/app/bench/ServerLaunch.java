package dev.parley.app.bench;

import java.util.Arrays;
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

    /** Where {@code ./parley} (and the Debian package's {@code parley}) put the JVM options it runs with. */
    static final String OPTIONS_VARIABLE = "PARLEY_SERVER_JAVA_OPTS";
    /** Said in the help of every {@code --server-java-option}. */
    public static final String DEFAULT_HELP = "Without any, those ./parley runs with (PARLEY_SERVER_JAVA_OPTS).";

    /**
     * The launch with {@code javaOptions}, or, when there are none, with the options the
     * {@code parley} launcher started this command with: the server measured is then the one
     * {@code ./parley server} runs, not a JVM with its defaults.
     */
    public static ServerLaunch of(String mainClass, List<String> javaOptions) {
        return new ServerLaunch(mainClass, javaOptions.isEmpty() ? launcherOptions(System.getenv(OPTIONS_VARIABLE))
                : javaOptions);
    }

    static List<String> launcherOptions(String variable) {
        return variable == null || variable.isBlank() ? List.of() : Arrays.asList(variable.trim().split("\\s+"));
    }

    /** The options as the benchmarks print them. */
    String describe() {
        return javaOptions.isEmpty() ? "default options" : String.join(" ", javaOptions);
    }
}
