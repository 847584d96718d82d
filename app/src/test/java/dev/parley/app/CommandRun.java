package dev.parley.app;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the parley command in-process with captured output, as a user at a shell would. */
record CommandRun(int exitCode, String out, String err) {

    /** {@code parley admin --data-dir DIR ARGS...}. */
    static CommandRun admin(java.nio.file.Path dataDir, String stdin, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "admin";
        all[1] = "--data-dir";
        all[2] = dataDir.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return run(stdin, all);
    }

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
