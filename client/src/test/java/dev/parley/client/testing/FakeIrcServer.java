package dev.parley.client.testing;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A scripted IRC server on 127.0.0.1 and a free port, plaintext or TLS. The test plays the
 * server's side line by line; every read waits with a timeout, so a client that says nothing
 * fails the test instead of hanging it.
 */
public final class FakeIrcServer implements AutoCloseable {
    public static final String NAME = "parley.local";
    private static final int READ_TIMEOUT_MILLIS = 15_000;

    private final ServerSocket listener;
    private final List<Conn> conns = new ArrayList<>();

    private FakeIrcServer(ServerSocket listener) throws IOException {
        this.listener = listener;
        listener.setSoTimeout(READ_TIMEOUT_MILLIS);
    }

    public static FakeIrcServer plaintext() throws IOException {
        return new FakeIrcServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    public static FakeIrcServer tls(SSLContext context) throws IOException {
        return new FakeIrcServer(context.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress()));
    }

    /** A TLS server on a given port: the same address coming back with another certificate. */
    public static FakeIrcServer tlsOn(int port, SSLContext context) throws IOException {
        javax.net.ssl.SSLServerSocket socket = (javax.net.ssl.SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        return new FakeIrcServer(socket);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /**
     * Answers every TLS handshake in the background (and then hangs up), for tests where the
     * client is to refuse the certificate: a server that never answers would show it none.
     */
    public FakeIrcServer handshakeInBackground() {
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket socket = listener.accept()) {
                    if (socket instanceof SSLSocket ssl) {
                        ssl.startHandshake();
                    }
                } catch (IOException e) {
                    // a refused handshake or the listener closing: on to the next, or done
                }
            }
        }, "fake-irc-handshakes");
        acceptor.setDaemon(true);
        acceptor.start();
        return this;
    }

    /** The next client connection; with TLS, the next one that completes its handshake. */
    public Conn accept() throws IOException {
        while (true) {
            Socket socket = listener.accept();
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            if (socket instanceof SSLSocket ssl) {
                try {
                    ssl.startHandshake();
                } catch (IOException e) {
                    // The client refused our certificate (an alert, or, when it hung up first,
                    // a broken pipe under our Finished); it may come back.
                    socket.close();
                    continue;
                }
            }
            Conn conn = new Conn(socket);
            synchronized (conns) {
                conns.add(conn);
            }
            return conn;
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (conns) {
            for (Conn conn : conns) {
                conn.close();
            }
        }
        listener.close();
    }

    /** One client, from the server's side. */
    public static final class Conn implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;
        private final List<IrcMessage> received = new ArrayList<>();

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            this.out = socket.getOutputStream();
        }

        public void send(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** The next message, or null when the client closed the connection. */
        public IrcMessage read() throws Exception {
            String line;
            try {
                line = in.readLine();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("The client said nothing for " + READ_TIMEOUT_MILLIS + " ms; it sent "
                        + received);
            }
            if (line == null) {
                return null;
            }
            IrcMessage message = IrcParser.parse(line);
            received.add(message);
            return message;
        }

        /** Reads until a message with {@code command} arrives, skipping others. */
        public IrcMessage expect(String command) throws Exception {
            while (true) {
                IrcMessage message = read();
                if (message == null) {
                    throw new AssertionError("Connection closed while waiting for " + command + "; got " + received);
                }
                if (message.command().equals(command)) {
                    return message;
                }
            }
        }

        /** Reads until the client closes the connection; returns everything read meanwhile. */
        public List<IrcMessage> drain() throws Exception {
            List<IrcMessage> rest = new ArrayList<>();
            for (IrcMessage m = read(); m != null; m = read()) {
                rest.add(m);
            }
            return rest;
        }

        public List<IrcMessage> received() {
            return List.copyOf(received);
        }

        // -- the server's side of a Parley login, in steps ---------------------------

        /** Answers CAP LS 302 with {@code caps}. */
        public void capLs(String caps) throws Exception {
            IrcMessage ls = expect("CAP");
            if (!"LS".equals(ls.param(0)) || !"302".equals(ls.param(1))) {
                throw new AssertionError("expected CAP LS 302, got " + ls);
            }
            send(":" + NAME + " CAP * LS :" + caps);
        }

        /** Reads NICK and USER, acknowledges the CAP REQ; returns the nick. */
        public String registerAndAck() throws Exception {
            String nick = expect("NICK").param(0);
            expect("USER");
            IrcMessage req = expect("CAP");
            send(":" + NAME + " CAP " + nick + " ACK :" + req.last());
            return nick;
        }

        /**
         * Plays a SCRAM-SHA-256 exchange against {@code password}.
         *
         * @return true when the client proved it knows the password (900 and 903 were sent),
         *         false when 904 was sent
         */
        public boolean scram(String nick, String password) throws Exception {
            IrcMessage start = expect("AUTHENTICATE");
            if (!"SCRAM-SHA-256".equals(start.param(0))) {
                throw new AssertionError("expected SCRAM-SHA-256, got " + start);
            }
            send("AUTHENTICATE +");
            ScramServer scram = new ScramServer(password);
            send("AUTHENTICATE " + b64(scram.first(unb64(expect("AUTHENTICATE").param(0)))));
            String serverFinal = scram.last(unb64(expect("AUTHENTICATE").param(0)));
            if (serverFinal == null) {
                send(":" + NAME + " 904 " + nick + " :SASL authentication failed");
                return false;
            }
            send("AUTHENTICATE " + b64(serverFinal));
            IrcMessage ack = expect("AUTHENTICATE");
            if (!"+".equals(ack.param(0))) {
                throw new AssertionError("expected AUTHENTICATE +, got " + ack);
            }
            send(":" + NAME + " 900 " + nick + " " + nick + "!" + scram.user() + "@127.0.0.1 " + scram.user()
                    + " :You are now logged in as " + scram.user());
            send(":" + NAME + " 903 " + nick + " :SASL authentication successful");
            return true;
        }

        /** After CAP END: the welcome burst up to the end of the MOTD. */
        public void welcome(String nick) throws Exception {
            welcome(nick, "");
        }

        /** The welcome burst, announcing these ISUPPORT tokens too (e.g. "CHATHISTORY=10"). */
        public void welcome(String nick, String moreIsupport) throws Exception {
            expect("CAP"); // END
            send(":" + NAME + " 001 " + nick + " :Welcome to the Parley IRC Network " + nick);
            send(":" + NAME + " 005 " + nick + " CASEMAPPING=rfc1459 CHANTYPES=# WHOX "
                    + (moreIsupport.isEmpty() ? "" : moreIsupport + " ") + ":are supported by this server");
            send(":" + NAME + " 375 " + nick + " :- " + NAME + " Message of the day - ");
            send(":" + NAME + " 372 " + nick + " :- Welcome to Parley.");
            send(":" + NAME + " 376 " + nick + " :End of /MOTD command.");
        }

        /** The whole login of a member with extended-join: ends with them in #lobby. */
        public String loginMember(String password, String realName) throws Exception {
            capLs("sasl=PLAIN,SCRAM-SHA-256,EXTERNAL extended-join echo-message server-time account-tag");
            String nick = registerAndAck();
            if (!scram(nick, password)) {
                throw new AssertionError("the client's SCRAM proof was wrong");
            }
            welcome(nick);
            String account = account(nick);
            send(":" + nick + "!" + account + "@127.0.0.1 JOIN #lobby " + account + " :" + realName);
            send(":" + NAME + " 353 " + nick + " = #lobby :" + nick);
            send(":" + NAME + " 366 " + nick + " #lobby :End of /NAMES list");
            return nick;
        }

        /** The account a nick chosen by the client stands for ("m19803021" for 19803021). */
        public static String account(String nick) {
            return nick.startsWith("m") && nick.substring(1).chars().allMatch(Character::isDigit)
                    ? nick.substring(1) : nick;
        }

        /**
         * Ends the connection as a server does: everything sent arrives before the end of the
         * stream (a plain close with unread input would reset the connection and could lose it).
         */
        public void hangUp() throws Exception {
            socket.shutdownOutput();
            drain();
            close();
        }

        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing is all that is left to do
            }
        }

        private static String b64(String text) {
            return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }

        private static String unb64(String text) {
            return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
        }
    }
}
