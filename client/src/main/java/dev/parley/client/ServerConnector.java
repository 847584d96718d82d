package dev.parley.client;

import dev.parley.client.net.ClientTls;
import dev.parley.client.net.ConnectionListener;
import dev.parley.client.net.IrcConnection;
import dev.parley.client.tofu.KnownServers;
import dev.parley.client.tofu.TofuTrustManager;
import dev.parley.client.tofu.TrustDecision;
import dev.parley.client.ui.Console;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Opens connections to the server of the settings: over TLS, deciding about its certificate with
 * the user (trust on first use, see {@link ServerTrust}), or in plaintext when the settings say so.
 * Every connection runs on the one network thread between {@link #start} and {@link #close}.
 */
final class ServerConnector implements AutoCloseable {
    private final ChatSettings settings;
    private final Console console;
    private final ServerTrust serverTrust;
    private final ConnectionListener listener;
    private EventLoopGroup group;

    /** @param listener what every connection reports its messages and its end to */
    ServerConnector(ChatSettings settings, Console console, ConnectionListener listener) {
        this.settings = settings;
        this.console = console;
        this.serverTrust = new ServerTrust(settings, console, new KnownServers(settings.knownServers()));
        this.listener = listener;
    }

    /** Starts the network thread; call before {@link #connect}. */
    void start() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    /**
     * Opens a connection, deciding about the server's certificate.
     *
     * @param mayAsk whether an unknown certificate may be put to the user; on reconnection it may
     *               not (the server was trusted a moment ago and is now someone else)
     */
    IrcConnection connect(boolean mayAsk) throws Stop, InterruptedException {
        while (true) {
            TofuTrustManager trust = null;
            SslContext tls = null;
            if (!settings.plaintext()) {
                Optional<String> pinned = serverTrust.readPin();
                trust = new TofuTrustManager(settings.systemTrust(), pinned, settings.expectedFingerprint());
                try {
                    tls = ClientTls.context(trust);
                } catch (IOException e) {
                    console.println("parley: cannot set up TLS: " + e.getMessage());
                    throw new Stop(ChatClient.EXIT_CONNECTION);
                }
            }
            IrcConnection candidate = new IrcConnection(settings.host(), settings.port(), tls, listener,
                    settings.idleTimeout());
            try {
                candidate.open(group);
                if (trust != null) {
                    serverTrust.pinIfExpected(trust.decision());
                }
                return candidate;
            } catch (IOException e) {
                TrustDecision decision = trust == null ? null : trust.decision();
                if (decision == null || decision.accepted()) {
                    console.println("Could not connect to " + settings.host() + ":" + settings.port() + ": "
                            + e.getMessage() + ".");
                    throw new Stop(ChatClient.EXIT_CONNECTION);
                }
                if (!serverTrust.trustNow(decision, mayAsk)) {
                    throw new Stop(ChatClient.EXIT_UNTRUSTED);
                }
                // pinned now: the next round connects with the pin
            }
        }
    }

    /** Stops the network thread, waiting a little for it. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** How the connection is protected, in words for the user. */
    static String describeSecurity(IrcConnection connection) {
        String protocol = connection.tlsProtocol();
        if (protocol == null) {
            return "not encrypted";
        }
        return protocol.startsWith("TLSv") ? "TLS " + protocol.substring(4) : protocol;
    }

    /** Whether every address of {@code host} is this machine's: only there may --plaintext go. */
    static boolean isLoopback(String host) {
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
