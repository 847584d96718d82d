package dev.parley.client;

import dev.parley.client.ClientEvents.Closed;
import dev.parley.client.ClientEvents.Event;
import dev.parley.client.ClientEvents.InputEnded;
import dev.parley.client.ClientEvents.Received;
import dev.parley.client.ClientEvents.Typed;
import dev.parley.client.chat.ChatSession;
import dev.parley.client.chat.LastSeenFile;
import dev.parley.client.login.Credentials;
import dev.parley.client.login.LinkClosedException;
import dev.parley.client.login.LoginFlow;
import dev.parley.client.login.LoginOutcome;
import dev.parley.client.login.ServerHello;
import dev.parley.client.login.ServerLink;
import dev.parley.client.net.IrcConnection;
import dev.parley.client.render.Renderer;
import dev.parley.client.tofu.KnownServers;
import dev.parley.client.ui.Console;
import dev.parley.protocol.IrcMessage;
import java.time.Duration;

/**
 * The terminal chat client: connects (TLS with trust on first use, see {@link ServerConnector}),
 * logs in with SASL, runs the chat until the user leaves, and reconnects by itself when the
 * connection breaks. Everything happens on the thread that calls {@link #run}, fed by one queue of
 * events from the network and from a thread that reads the user's lines ({@link ClientEvents}), so
 * no state is shared between threads.
 *
 * <p>To run it without a terminal (scripts, tests), give it a {@link dev.parley.client.ui.PlainConsole}.
 */
public final class ChatClient {
    /** The user left (QUIT, /quit, Ctrl-D or end of input). */
    public static final int EXIT_OK = 0;
    /** The server could not be reached, or the connection broke while logging in. */
    public static final int EXIT_CONNECTION = 1;
    /** The settings cannot work (e.g. --plaintext to another machine). */
    public static final int EXIT_USAGE = 2;
    /** The login failed: wrong password three times, a locked account, a refusal. */
    public static final int EXIT_LOGIN = 3;
    /** The server's certificate was not trusted. */
    public static final int EXIT_UNTRUSTED = 4;

    private static final int MAX_LOGIN_ATTEMPTS = 3;

    private final ChatSettings settings;
    private final Console console;
    private final ClientEvents events = new ClientEvents();
    private final ChatSession session;
    private final ServerConnector connector;
    private final CredentialsPrompt prompt;
    private IrcConnection connection;
    private Credentials credentials;

    /** The user asked to leave while the client was busy with something else. */
    private static final class QuitRequested extends RuntimeException {
        final String reason;

        QuitRequested(String reason) {
            super(null, null, false, false);
            this.reason = reason;
        }
    }

    public ChatClient(ChatSettings settings, Console console) {
        this.settings = settings;
        this.console = console;
        this.connector = new ServerConnector(settings, console, events.listener());
        // The time of the last message seen lives beside the pinned certificates: the user's state.
        this.session = new ChatSession(console, new Renderer(settings.zone(), settings.clock()), settings.clock(),
                LastSeenFile.beside(settings.knownServers()), KnownServers.key(settings.host(), settings.port()));
        this.prompt = new CredentialsPrompt(settings, console);
    }

    /**
     * Runs the whole session. Blocks until the user leaves or the client cannot go on.
     *
     * @return the process exit code: {@link #EXIT_OK} or one of the other EXIT_ constants
     */
    public int run() {
        if (settings.plaintext()) {
            if (!ServerConnector.isLoopback(settings.host())) {
                console.println("parley: --plaintext is only allowed to this machine (a loopback address such as "
                        + "127.0.0.1); anything else would send your password and messages readable to all.");
                return EXIT_USAGE;
            }
            console.println("WARNING: --plaintext: this connection is not encrypted.");
        }
        connector.start();
        try {
            return chat();
        } catch (QuitRequested quit) {
            return quit(quit.reason);
        } catch (Stop stop) {
            return stop.exitCode;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_CONNECTION;
        } finally {
            session.close();
            IrcConnection open = connection;
            if (open != null) {
                open.close();
            }
            connector.close();
        }
    }

    private int chat() throws Stop, InterruptedException {
        console.println("Trying to connect to [ " + settings.host() + " : " + settings.port() + " ]...");
        connection = connector.connect(true);
        console.println("Connected to " + settings.host() + " (" + ServerConnector.describeSecurity(connection) + ").");
        ServerLink link = new QueueLink();
        LoginOutcome.LoggedIn login;
        try {
            ServerHello hello = ServerHello.negotiate(link);
            console.println("      " + hello.bannerName(settings.host()));
            login = firstLogin(link, hello);
        } catch (LinkClosedException e) {
            console.println("Lost the connection to " + settings.host() + " while logging in: " + e.getMessage() + ".");
            return EXIT_CONNECTION;
        }
        if (login == null) {
            throw new QuitRequested(null);
        }
        IrcConnection loggedIn = connection;
        session.connected(credentials.memberId(), login.nick(), login.account(), login.caps(), loggedIn::send);
        return chatLoop();
    }

    /** Asks for the member id and password and logs in, up to three times; null when the user quit. */
    private LoginOutcome.LoggedIn firstLogin(ServerLink link, ServerHello firstHello)
            throws LinkClosedException, InterruptedException, Stop {
        ServerHello hello = firstHello;
        LoginFlow flow = new LoginFlow(link, hello, plainAllowed());
        for (int attempt = 1; ; attempt++) {
            credentials = prompt.ask(attempt > 1);
            if (credentials == null) {
                return null;
            }
            if (!connection.isOpen()) {
                // The server gave up waiting while the user typed: a fresh connection, quietly.
                connection = connector.connect(false);
                hello = ServerHello.negotiate(link);
                flow = new LoginFlow(link, hello, plainAllowed());
            }
            LoginOutcome outcome = flow.login(credentials);
            if (outcome instanceof LoginOutcome.LoggedIn loggedIn) {
                return loggedIn;
            }
            if (outcome instanceof LoginOutcome.Refused refused) {
                console.println("Login refused: " + refused.reason());
                throw new Stop(EXIT_LOGIN);
            }
            console.println("Wrong member id or password.");
            if (attempt >= MAX_LOGIN_ATTEMPTS) {
                console.println("Giving up after " + MAX_LOGIN_ATTEMPTS + " attempts.");
                throw new Stop(EXIT_LOGIN);
            }
            if (settings.password().isPresent()) {
                throw new Stop(EXIT_LOGIN); // given up front (PARLEY_PASSWORD): nothing else to try
            }
        }
    }

    private int chatLoop() throws InterruptedException, Stop {
        boolean reading = false;
        while (true) {
            Event event = events.take();
            if (event instanceof Received received) {
                if (received.connection() == connection) {
                    session.onServerMessage(received.message());
                }
                if (!reading && session.greeted()) {
                    // Only now: a script's first chat line must find the user in the room, and a
                    // person's typing must not run into the greeting.
                    reading = true;
                    events.startReadingInput(console);
                }
            } else if (event instanceof Closed closed) {
                if (closed.connection() == connection) {
                    reconnect(closed.reason());
                }
            } else if (event instanceof Typed typed) {
                if (ChatSession.isQuit(typed.line())) {
                    return quit(ChatSession.quitReason(typed.line()));
                }
                session.onTyped(typed.line());
            } else {
                return quit(null);
            }
        }
    }

    private int quit(String reason) {
        console.println("Quitting chat...");
        IrcConnection open = connection;
        if (open != null && open.isOpen()) {
            open.send(reason == null || reason.isEmpty() ? IrcMessage.of("QUIT") : IrcMessage.of("QUIT", reason));
            try {
                // The server answers QUIT with ERROR and closes: then everything sent has arrived.
                open.awaitClosed(Duration.ofSeconds(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return EXIT_OK;
    }

    /** Connects again with growing waits until logged in; returns normally when chatting again. */
    private void reconnect(String reason) throws InterruptedException, Stop {
        session.disconnected();
        String why = session.lastError() != null ? session.lastError() : reason;
        connection = null;
        console.println("Lost the connection to " + settings.host() + " (" + why + ").");
        settings.backoff().reset();
        while (true) {
            Duration wait = settings.backoff().next();
            console.println("Reconnecting in " + describe(wait) + "...");
            waitHandlingInput(wait);
            try {
                connection = connector.connect(false);
            } catch (Stop stop) {
                if (stop.exitCode != EXIT_CONNECTION) {
                    throw stop;
                }
                continue;
            }
            try {
                ServerLink link = new QueueLink();
                ServerHello hello = ServerHello.negotiate(link);
                LoginOutcome outcome = new LoginFlow(link, hello, plainAllowed()).login(credentials);
                if (outcome instanceof LoginOutcome.LoggedIn login) {
                    IrcConnection loggedIn = connection;
                    session.connected(credentials.memberId(), login.nick(), login.account(), login.caps(),
                            loggedIn::send);
                    console.println("Reconnected to " + settings.host() + ".");
                    return;
                }
                console.println(outcome instanceof LoginOutcome.Refused refused
                        ? "Login refused: " + refused.reason()
                        : "The server no longer accepts your member id and password.");
                throw new Stop(EXIT_LOGIN);
            } catch (LinkClosedException e) {
                connection.close();
                connection = null;
                console.println("Lost the connection again (" + e.getMessage() + ").");
            }
        }
    }

    /** Waits, but still listens to the user: QUIT leaves, other lines cannot be sent now. */
    private void waitHandlingInput(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            handleWhileOffline(events.poll(left));
        }
    }

    private void handleWhileOffline(Event event) {
        if (event instanceof Typed typed) {
            if (ChatSession.isQuit(typed.line())) {
                throw new QuitRequested(ChatSession.quitReason(typed.line()));
            }
            if (!typed.line().isBlank()) {
                console.println("Not connected right now; that line was not sent.");
            }
        } else if (event instanceof InputEnded) {
            throw new QuitRequested(null);
        }
        // events of connections that are gone do not matter any more
    }

    /** The password itself (SASL PLAIN) only travels inside TLS, to a server already verified. */
    private boolean plainAllowed() {
        return !settings.plaintext();
    }

    private static String describe(Duration wait) {
        long millis = wait.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
    }

    /** Reads the server's messages for the login, from the one queue of events. */
    private final class QueueLink implements ServerLink {
        @Override
        public void send(IrcMessage message) {
            IrcConnection current = connection;
            if (current != null) {
                current.send(message);
            }
        }

        @Override
        public IrcMessage next() throws LinkClosedException, InterruptedException {
            return events.nextMessage(connection, settings.replyTimeout(), ChatClient.this::handleWhileOffline);
        }
    }
}
