package dev.parley.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one {@code parley} command. */
@Command(name = "parley", mixinStandardHelpOptions = true, version = "Parley 0.1.0",
        description = "A secure, self-hosted chat server that speaks IRC, with its own clients.",
        subcommands = {ServerCommand.class, ChatCommand.class, AdminCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    @Override
    public void run() {
        commandLine().usage(System.out);
    }
}
