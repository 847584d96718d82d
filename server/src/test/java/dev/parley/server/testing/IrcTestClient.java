package dev.parley.server.testing;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcParser;
import dev.parley.server.net.tls.PinningTrustManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A real IRC client over a real socket, for tests. Reads block with a timeout instead of sleeping;
 * {@link #sync()} uses PING/PONG to know that every earlier reply has arrived.
 */
public final class IrcTestClient implements AutoCloseable {
    static final int TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final LineTransport transport;
    private int syncCounter;

    public IrcTestClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(TIMEOUT_MS);
        this.transport = new SocketLines(socket);
    }

    private IrcTestClient(LineTransport transport) {
        this.socket = null;
        this.transport = transport;
    }

    /** A client whose lines go over IRC over WebSocket; see {@link WebSocketLines#connect}. */
    public static IrcTestClient over(WebSocketLines webSocket) {
        return new IrcTestClient(webSocket);
    }

    public static IrcTestClient connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, TIMEOUT_MS);
        return new IrcTestClient(socket);
    }

    /**
     * Connects over TLS, trusting only a certificate whose SHA-256 fingerprint is
     * {@code pinnedFingerprint} (as a client that pinned the server would).
     */
    public static IrcTestClient connectTls(InetSocketAddress address, String pinnedFingerprint) throws Exception {
        return connectTls(address, pinnedFingerprint, null);
    }

    /** As {@link #connectTls(InetSocketAddress, String)}, presenting a client certificate. */
    public static IrcTestClient connectTls(InetSocketAddress address, String pinnedFingerprint,
                                           dev.parley.server.net.tls.CertifiedKey clientCertificate) throws Exception {
        javax.net.ssl.KeyManager[] keyManagers = null;
        if (clientCertificate != null) {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", clientCertificate.key(), new char[0],
                    clientCertificate.chain().toArray(new java.security.cert.X509Certificate[0]));
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
            kmf.init(store, new char[0]);
            keyManagers = kmf.getKeyManagers();
        }
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(keyManagers, new javax.net.ssl.TrustManager[] {new PinningTrustManager(pinnedFingerprint)}, null);
        javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) context.getSocketFactory().createSocket();
        socket.connect(address, TIMEOUT_MS);
        socket.startHandshake();
        return new IrcTestClient(socket);
    }

    /** Waits up to {@code millis} for each read from now on (the default is ten seconds). */
    public IrcTestClient readTimeout(int millis) throws java.net.SocketException {
        socket().setSoTimeout(millis);
        return this;
    }

    /** The socket of a TCP client. */
    public Socket socket() {
        if (socket == null) {
            throw new IllegalStateException("not a TCP client");
        }
        return socket;
    }

    /** Connects and registers as {@code nick}, returning after the welcome burst (end of MOTD). */
    public static IrcTestClient register(InetSocketAddress address, String nick) throws IOException {
        return register(connect(address), nick);
    }

    /**
     * Connects and tries to register as {@code nick}, for a client the server is expected to
     * refuse: returns everything it said until it closed the connection.
     */
    public static List<IrcMessage> registerUntilRefused(InetSocketAddress address, String nick) throws IOException {
        try (IrcTestClient client = connect(address)) {
            client.send("NICK " + nick);
            client.send("USER " + nick.toLowerCase() + " 0 * :Real " + nick);
            return client.awaitClose();
        }
    }

    /** Registers an already connected client as {@code nick}, returning after the welcome burst. */
    public static IrcTestClient register(IrcTestClient client, String nick) throws IOException {
        client.send("NICK " + nick);
        client.send("USER " + nick.toLowerCase() + " 0 * :Real " + nick);
        client.await(m -> m.command().equals("376") || m.command().equals("422"));
        client.sync();
        return client;
    }

    public void send(String line) throws IOException {
        transport.sendLine(line);
    }

    /** Bytes as they are: part of the stream over TCP, one message over WebSocket. */
    public void sendRaw(byte[] bytes) throws IOException {
        transport.sendRaw(bytes);
    }

    /** The next message, or null when the server closed the connection. */
    public IrcMessage next() throws IOException {
        String line = transport.readLine();
        if (line == null) {
            return null;
        }
        try {
            return IrcParser.parse(line);
        } catch (Exception e) {
            throw new AssertionError("Server sent a malformed line: " + line, e);
        }
    }

    /** Reads until a message matches; fails on timeout or close. Messages before it are returned too. */
    public List<IrcMessage> awaitAll(Predicate<IrcMessage> wanted) throws IOException {
        List<IrcMessage> seen = new ArrayList<>();
        while (true) {
            IrcMessage m;
            try {
                m = next();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("Timed out; got only " + seen);
            }
            if (m == null) {
                throw new AssertionError("Connection closed; got " + seen);
            }
            if (m.command().equals("PING") && !wanted.test(m)) {
                send("PONG :" + m.last());
                continue;
            }
            seen.add(m);
            if (wanted.test(m)) {
                return seen;
            }
        }
    }

    public IrcMessage await(Predicate<IrcMessage> wanted) throws IOException {
        List<IrcMessage> all = awaitAll(wanted);
        return all.get(all.size() - 1);
    }

    public IrcMessage await(String command) throws IOException {
        return await(m -> m.command().equals(command));
    }

    /**
     * Sends CAP LS 302 and returns every capability offered, with values: the reply takes several
     * lines ("CAP * LS * :...") when the list is long.
     */
    public String capLs() throws IOException {
        send("CAP LS 302");
        StringBuilder offered = new StringBuilder();
        IrcMessage ls;
        do {
            ls = await("CAP");
            offered.append(offered.length() == 0 ? "" : " ").append(ls.last());
        } while (ls.params().size() > 3 && "*".equals(ls.param(2)));
        return offered.toString();
    }

    /** Sends PING and returns every message that came before its PONG. */
    public List<IrcMessage> sync() throws IOException {
        String token = "sync" + (++syncCounter);
        send("PING " + token);
        List<IrcMessage> all = awaitAll(m -> m.command().equals("PONG") && token.equals(m.last()));
        return all.subList(0, all.size() - 1);
    }

    /** Sends a line and returns everything the server answered to it (up to a PING/PONG sync). */
    public List<IrcMessage> ask(String line) throws IOException {
        send(line);
        return sync();
    }

    /** Reads until the server closes the connection; returns what came before. */
    public List<IrcMessage> awaitClose() throws IOException {
        List<IrcMessage> seen = new ArrayList<>();
        try {
            for (IrcMessage m = next(); m != null; m = next()) {
                seen.add(m);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("Connection not closed; got " + seen);
        } catch (IOException reset) {
            // a reset after ERROR is a close too
        }
        return seen;
    }

    @Override
    public void close() throws IOException {
        transport.close();
    }
}
