package dev.parley.app;

import dev.parley.client.ChatClient;
import dev.parley.client.ChatSettings;
import dev.parley.client.ui.Console;
import dev.parley.client.ui.JLineConsole;
import dev.parley.client.ui.PlainConsole;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley chat}: the terminal client. Interactive on a terminal (line editing, history, a
 * hidden password); on a pipe it reads the member id and password from the first two lines (or
 * from --user and PARLEY_PASSWORD) and prints plain lines, so that it can be scripted.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Chat on a Parley server from the terminal.",
                "Exit codes: 0 left, 1 no connection, 2 bad options, 3 login failed, 4 certificate not trusted."},
        footer = {"", "Environment:", "  PARLEY_PASSWORD  the password, instead of asking for it"})
public final class ChatCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST",
            description = "The server, as HOST or HOST:PORT (default localhost).")
    String server;

    @Option(names = "--host", paramLabel = "HOST", description = "The server's host name or address.")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "The server's port (default 6697).")
    Integer port;

    @Option(names = "--fingerprint", paramLabel = "SHA256",
            description = "The SHA-256 fingerprint of the server's certificate, pinned ahead of time.")
    String fingerprint;

    @Option(names = "--plaintext",
            description = "Connect without TLS; only to this machine (a loopback address).")
    boolean plaintext;

    @Option(names = "--user", paramLabel = "MEMBER_ID", description = "Log in as this member instead of asking.")
    String user;

    @Option(names = "--known-servers", paramLabel = "FILE",
            description = "The file of trusted server certificates (default ~/.config/parley/known_servers).")
    Path knownServers;

    @Override
    public Integer call() throws Exception {
        String targetHost = host;
        Integer targetPort = port;
        if (server != null) {
            if (host != null) {
                System.err.println("parley chat: give the server either as HOST or with --host, not both");
                return ChatClient.EXIT_USAGE;
            }
            int colon = server.lastIndexOf(':');
            // "host:port", but not an IPv6 address such as ::1
            if (colon > 0 && server.indexOf(':') == colon && server.substring(colon + 1).matches("\\d{1,5}")) {
                targetHost = server.substring(0, colon);
                if (targetPort == null) {
                    targetPort = Integer.parseInt(server.substring(colon + 1));
                }
            } else {
                targetHost = server;
            }
        }
        ChatSettings settings;
        try {
            ChatSettings.Builder builder = ChatSettings.builder(targetHost == null ? "localhost" : targetHost)
                    .port(targetPort == null ? ChatSettings.DEFAULT_PORT : targetPort)
                    .plaintext(plaintext)
                    .fingerprint(fingerprint)
                    .user(user)
                    .password(System.getenv("PARLEY_PASSWORD"));
            if (knownServers != null) {
                builder.knownServers(knownServers);
            }
            settings = builder.build();
        } catch (IllegalArgumentException e) {
            System.err.println("parley chat: " + e.getMessage());
            return ChatClient.EXIT_USAGE;
        }
        // Java reports a console only when both stdin and stdout are a terminal.
        try (Console console = System.console() != null ? JLineConsole.system()
                : new PlainConsole(System.in, System.out)) {
            return new ChatClient(settings, console).run();
        }
    }
}
