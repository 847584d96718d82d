package dev.parley.server.net.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslClientHelloHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * Answers the ACME TLS-ALPN-01 check (RFC 8737) on the server's own TLS listeners: while a check
 * for a domain runs, a connection whose ClientHello names that domain and offers only the
 * {@value #ACME_TLS_1} protocol gets the challenge certificate, and is closed after the
 * handshake. Every other connection gets the server's certificate as usual.
 *
 * <p>Only while a check runs does a new connection pass through the ClientHello reader; the rest
 * of the time it gets its TLS handler directly, at no cost.
 */
public final class TlsAlpnChallenges {
    /** The ALPN protocol name of a TLS-ALPN-01 validation. */
    public static final String ACME_TLS_1 = "acme-tls/1";
    private static final int SERVER_NAME = 0;
    private static final int APPLICATION_LAYER_PROTOCOL_NEGOTIATION = 16;

    private final Map<String, SslContext> byDomain = new ConcurrentHashMap<>();

    /** Answers checks of {@code domain} with {@code certificate} until {@link #remove}. */
    public void put(String domain, CertifiedKey certificate) throws TlsConfigException {
        try {
            SslContext context = SslContextBuilder.forServer(certificate.key(), certificate.chain())
                    .sslProvider(ServerTlsContext.provider())
                    .protocols(ServerTlsContext.PROTOCOLS)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(
                            ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ACME_TLS_1))
                    .build();
            byDomain.put(domain.toLowerCase(Locale.ROOT), context);
        } catch (SSLException e) {
            throw new TlsConfigException("the TLS-ALPN-01 certificate for " + domain + " cannot be used: "
                    + e.getMessage(), e);
        }
    }

    public void remove(String domain) {
        byDomain.remove(domain.toLowerCase(Locale.ROOT));
    }

    /** The TLS handler of a new connection that would otherwise get {@code usual}. */
    ChannelHandler newHandler(SslContext usual, ByteBufAllocator alloc) {
        return byDomain.isEmpty() ? usual.newHandler(alloc) : new Picker(usual);
    }

    /** Reads the ClientHello, then puts the TLS handler it calls for in its own place. */
    private final class Picker extends SslClientHelloHandler<SslContext> {
        private final SslContext usual;

        Picker(SslContext usual) {
            this.usual = usual;
        }

        @Override
        protected Future<SslContext> lookup(ChannelHandlerContext ctx, ByteBuf clientHello) {
            SslContext challenge = clientHello == null ? null : challengeFor(clientHello);
            return ctx.executor().newSucceededFuture(challenge != null ? challenge : usual);
        }

        @Override
        protected void onLookupComplete(ChannelHandlerContext ctx, Future<SslContext> future) {
            SslContext chosen = future.getNow();
            Channel channel = ctx.channel();
            SslHandler tls = chosen.newHandler(channel.alloc());
            ctx.pipeline().replace(this, ctx.name(), tls);
            if (chosen != usual) {
                // The CA only looks at the certificate; nothing else is spoken on this connection.
                tls.handshakeFuture().addListener(done -> channel.close());
            }
        }

        /** The challenge context when {@code hello} is a TLS-ALPN-01 check of a domain being proved. */
        private SslContext challengeFor(ByteBuf hello) {
            String serverName = null;
            boolean acmeOnly = false;
            try {
                int at = hello.readerIndex() + 34; // client_version and random
                at += 1 + hello.getUnsignedByte(at); // session_id
                at += 2 + hello.getUnsignedShort(at); // cipher_suites
                at += 1 + hello.getUnsignedByte(at); // compression_methods
                int end = at + 2 + hello.getUnsignedShort(at);
                if (end > hello.writerIndex()) {
                    return null;
                }
                at += 2;
                while (at + 4 <= end) {
                    int type = hello.getUnsignedShort(at);
                    int length = hello.getUnsignedShort(at + 2);
                    int data = at + 4;
                    if (data + length > end) {
                        return null;
                    }
                    if (type == SERVER_NAME && hello.getUnsignedByte(data + 2) == 0) { // host_name
                        serverName = hello.toString(data + 5, hello.getUnsignedShort(data + 3), StandardCharsets.US_ASCII);
                    } else if (type == APPLICATION_LAYER_PROTOCOL_NEGOTIATION) {
                        int listLength = hello.getUnsignedShort(data);
                        int nameLength = hello.getUnsignedByte(data + 2);
                        acmeOnly = listLength == nameLength + 1 && ACME_TLS_1.equals(
                                hello.toString(data + 3, nameLength, StandardCharsets.US_ASCII));
                    }
                    at = data + length;
                }
            } catch (IndexOutOfBoundsException e) {
                return null; // not a ClientHello we can read: the usual certificate
            }
            return acmeOnly && serverName != null ? byDomain.get(serverName.toLowerCase(Locale.ROOT)) : null;
        }
    }
}
