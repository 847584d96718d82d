package dev.parley.app.bench;

import dev.parley.client.login.SaslFailure;
import dev.parley.client.login.ScramSha256Mechanism;
import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcParseException;
import dev.parley.protocol.IrcParser;
import dev.parley.server.net.tls.PinningTrustManager;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/** A plain blocking IRC-over-TLS connection for load generation: one thread per simulated user. */
final class BenchClient implements AutoCloseable {
    private final SSLSocket socket;
    private final BufferedReader in;
    private final OutputStream out;

    BenchClient(InetSocketAddress address, String pinnedFingerprint) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new PinningTrustManager(pinnedFingerprint)}, null);
        socket = (SSLSocket) context.getSocketFactory().createSocket(address.getAddress(), address.getPort());
        socket.setSoTimeout(60_000);
        // Without it, Nagle's algorithm against the server's delayed ACKs adds up to 40 ms per line.
        socket.setTcpNoDelay(true);
        socket.startHandshake();
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next message with this command (answering PINGs on the way), or null at end of stream. */
    IrcMessage await(String... commands) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            IrcMessage m;
            try {
                m = IrcParser.parse(line);
            } catch (IrcParseException e) {
                continue;
            }
            if (m.command().equals("PING")) {
                send("PONG :" + m.last());
            }
            for (String command : commands) {
                if (m.command().equals(command)) {
                    return m;
                }
            }
        }
        return null;
    }

    /** Registers as a guest. */
    void register(String nick) throws IOException {
        send("NICK " + nick);
        send("USER " + nick + " 0 * :" + nick);
        await("376", "422");
    }

    /** SASL PLAIN; returns the closing numeric (903 on success). */
    String loginPlain(String user, String password) throws IOException {
        send("CAP REQ :sasl");
        await("CAP");
        send("AUTHENTICATE PLAIN");
        await("AUTHENTICATE");
        String response = "\0" + user + "\0" + password;
        send("AUTHENTICATE " + Base64.getEncoder().encodeToString(response.getBytes(StandardCharsets.UTF_8)));
        IrcMessage end = await("903", "904", "905", "906");
        return end == null ? "closed" : end.command();
    }

    /** SASL SCRAM-SHA-256 with the terminal client's mechanism (its PBKDF2 included); the closing numeric. */
    String loginScram(String user, String password) throws IOException {
        send("CAP REQ :sasl");
        await("CAP");
        ScramSha256Mechanism scram = new ScramSha256Mechanism(user, password);
        send("AUTHENTICATE " + scram.name());
        for (IrcMessage m = await("AUTHENTICATE", "903", "904", "905", "906"); m != null;
             m = await("AUTHENTICATE", "903", "904", "905", "906")) {
            if (!m.command().equals("AUTHENTICATE")) {
                return m.command();
            }
            byte[] challenge = "+".equals(m.last()) ? new byte[0] : Base64.getDecoder().decode(m.last());
            byte[] response;
            try {
                response = scram.respond(challenge);
            } catch (SaslFailure e) {
                return "refused: " + e.getMessage();
            }
            send("AUTHENTICATE " + (response.length == 0 ? "+" : Base64.getEncoder().encodeToString(response)));
        }
        return "closed";
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
