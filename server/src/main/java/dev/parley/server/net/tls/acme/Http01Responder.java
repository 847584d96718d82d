package dev.parley.server.net.tls.acme;

import dev.parley.server.net.Transport;
import dev.parley.server.net.tls.TlsConfigException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;

/**
 * Answers the ACME HTTP-01 challenge: {@code GET /.well-known/acme-challenge/TOKEN} gives the key
 * authorization for a token the ACME client is proving, and anything else a 404. It runs on the
 * server's event loops (a map look-up, nothing that blocks) on a port of its own, open for as long
 * as the server runs so a port problem shows at start rather than at the first renewal.
 */
final class Http01Responder implements ChallengeAnswer {
    static final String PATH_PREFIX = "/.well-known/acme-challenge/";
    /** A validation request is one short GET; anything slower is not the CA. */
    private static final int READ_TIMEOUT_SECONDS = 10;
    private static final int MAX_REQUEST_BYTES = 1024;

    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final Channel channel;

    private Http01Responder(EventLoopGroup group, String host, int port) throws InterruptedException {
        this.channel = new ServerBootstrap()
                .group(group)
                .channel(Transport.serverChannelType())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(
                                new ReadTimeoutHandler(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS),
                                new HttpServerCodec(),
                                new HttpObjectAggregator(MAX_REQUEST_BYTES),
                                new Answer());
                    }
                })
                .bind(host, port).sync().channel();
    }

    /**
     * Listens on {@code host:port} (port 0 picks one).
     *
     * @throws TlsConfigException naming the port and the reason, when it cannot be had
     */
    static Http01Responder bind(EventLoopGroup group, String host, int port)
            throws InterruptedException, TlsConfigException {
        try {
            return new Http01Responder(group, host, port);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // Netty rethrows the socket's own exception; the native transport's message names bind(2).
            String reason = String.valueOf(e.getMessage());
            String why = reason.contains("in use") ? "the address is already in use"
                    : reason.contains("ermission") || reason.contains("EACCES")
                    ? "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)" : reason;
            throw new TlsConfigException("tls.acme.http_port: cannot listen on " + host + ":" + port
                    + " for the ACME HTTP-01 challenge: " + why, e);
        }
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Answers {@code token} with {@code keyAuthorization} until {@link #withdraw(String)}. */
    void publish(String token, String keyAuthorization) {
        answers.put(token, keyAuthorization);
    }

    void withdraw(String token) {
        answers.remove(token);
    }

    @Override
    public String type() {
        return Http01Challenge.TYPE;
    }

    @Override
    public void publish(Challenge challenge, String domain) {
        Http01Challenge http = (Http01Challenge) challenge;
        publish(http.getToken(), http.getAuthorization());
    }

    @Override
    public void withdraw(Challenge challenge, String domain) {
        withdraw(((Http01Challenge) challenge).getToken());
    }

    @Override
    public String where() {
        return "port " + port();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    private final class Answer extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String path = new QueryStringDecoder(request.uri()).path();
            String answer = null;
            if ((request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD))
                    && path.startsWith(PATH_PREFIX)) {
                answer = answers.get(path.substring(PATH_PREFIX.length()));
            }
            FullHttpResponse response = answer == null
                    ? new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.NOT_FOUND)
                    : new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK,
                            Unpooled.copiedBuffer(answer, StandardCharsets.US_ASCII));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            if (request.method().equals(HttpMethod.HEAD)) {
                response.content().clear();
            }
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A malformed request or a client that went quiet: nothing to report, just let it go.
            ctx.close();
        }
    }
}
