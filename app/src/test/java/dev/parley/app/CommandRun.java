package dev.parley.app;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the parley command in-process with captured output, as a user at a shell would. */
record CommandRun(int exitCode, String out, String err) {

    static CommandRun run(String stdin, String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        InputStream original = System.in;
        try {
            System.setIn(new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)));
            int code = cli.execute(args);
            return new CommandRun(code, out.toString(), err.toString());
        } finally {
            System.setIn(original);
        }
    }
}
