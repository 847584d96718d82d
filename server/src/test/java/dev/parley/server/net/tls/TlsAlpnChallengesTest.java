package dev.parley.server.net.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.config.ParleyConfig.TlsSection;
import dev.parley.server.net.Transport;
import dev.parley.server.testing.TrustEverything;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS-ALPN-01 answer, seen by real TLS clients: only the CA's acme-tls/1 handshake for the domain gets it. */
class TlsAlpnChallengesTest {
    @TempDir
    Path dir;

    private final EventLoopGroup group = Transport.newEventLoopGroup();
    private ServerTlsContext tls;
    private int port;

    @BeforeEach
    void listen() throws Exception {
        tls = ServerTlsContext.create(TlsSection.defaults(), dir, "chat.example.org");
        Channel listener = new ServerBootstrap().group(group).channel(Transport.serverChannelType())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        port = ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Test
    void onlyAnAcmeTls1HandshakeForTheDomainGetsTheChallengeCertificate() throws Exception {
        CertifiedKey challenge = CertificateGenerator.generate("acme.invalid");
        tls.alpnChallenges().put("chat.example.org", challenge);

        assertThat(served("chat.example.org", "acme-tls/1")).isEqualTo(challenge.fingerprint());
        assertThat(served("Chat.Example.org", "acme-tls/1")).isEqualTo(challenge.fingerprint());
        assertThat(served("chat.example.org")).isEqualTo(tls.fingerprint());
        assertThat(served("chat.example.org", "irc", "acme-tls/1")).isEqualTo(tls.fingerprint());
        assertThat(served("other.example.org", "acme-tls/1")).isEqualTo(tls.fingerprint());

        tls.alpnChallenges().remove("chat.example.org");
        assertThat(served("chat.example.org", "acme-tls/1")).isEqualTo(tls.fingerprint());
    }

    /** The certificate a client naming {@code serverName} and offering {@code protocols} is given. */
    private Fingerprint served(String serverName, String... protocols) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {TrustEverything.INSTANCE}, null);
        try (Socket plain = new Socket("127.0.0.1", port);
             SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", port, true)) {
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
            if (protocols.length > 0) {
                parameters.setApplicationProtocols(protocols);
            }
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return Fingerprint.of((X509Certificate) socket.getSession().getPeerCertificates()[0]);
        }
    }
}
