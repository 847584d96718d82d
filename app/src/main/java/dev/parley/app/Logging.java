package dev.parley.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Log levels per subcommand: the server logs what it does; the tools speak only through their output. */
final class Logging {
    private Logging() {
    }

    /** Only warnings and errors, for commands a person reads the output of. */
    static void quiet() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    }
}
