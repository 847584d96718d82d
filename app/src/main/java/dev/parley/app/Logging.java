package dev.parley.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import dev.parley.server.config.ParleyConfig.LogSection;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Log levels per subcommand, and the server's log format: the server logs what it does; the
 * tools speak only through their output. What is logged is the same in either format (the rule
 * of no message text and no password is kept by what the server logs, not by the format).
 */
final class Logging {
    /** The appender of logback.xml. */
    private static final String CONSOLE = "console";

    private Logging() {
    }

    /** Only warnings and errors, for commands a person reads the output of. */
    static void quiet() {
        root().setLevel(Level.WARN);
    }

    /**
     * Writes the log as {@code [log] format} says: logback.xml's text lines, or one JSON object a
     * line (time, level, logger, thread, message; the formatted message, no extra fields).
     */
    static void use(LogSection.Format format) {
        if (format != LogSection.Format.JSON) {
            return;
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        OutputStreamAppender<ILoggingEvent> console = (OutputStreamAppender<ILoggingEvent>) root().getAppender(CONSOLE);
        LogstashEncoder json = new LogstashEncoder();
        json.setContext(context);
        json.start();
        console.stop();
        console.setEncoder(json);
        console.start();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
