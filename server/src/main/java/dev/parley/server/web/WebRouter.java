package dev.parley.server.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the HTTP requests of one web connection until it becomes a WebSocket: the client's
 * files on GET and HEAD, the upgrade on {@code /socket}, and the right status for anything else,
 * every answer with the {@link SecurityHeaders}. While it is in the pipeline the connection
 * counts against its address's connection cap, as a TCP client's does; at the upgrade the
 * session stage takes the count over.
 */
final class WebRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger("parley.connections");
    static final String SOCKET_PATH = "/socket";
    private static final String NOT_BUNDLED = "This Parley server was built without its web client. "
            + "IRC over WebSocket is at " + SOCKET_PATH + ".";

    private final WebListener listener;
    private InetAddress counted;

    WebRouter(WebListener listener) {
        this.listener = listener;
    }

    @Override
    public void channelActive(ChannelHandlerContext chc) throws Exception {
        InetSocketAddress remote = (InetSocketAddress) chc.channel().remoteAddress();
        counted = remote.getAddress();
        int count = listener.ctx().state().connectionOpened(counted);
        // Loopback is exempt, as on the IRC listeners.
        if (count > listener.ctx().config().limits().maxConnectionsPerIp() && !counted.isLoopbackAddress()) {
            LOG.warn("{} refused on the web listener: too many connections from that address", remote);
            chc.close();
            return;
        }
        super.channelActive(chc);
    }

    /** Gives up this connection's place in the per-address count (once): it closed or upgraded. */
    private void uncount() {
        if (counted != null) {
            listener.ctx().state().connectionClosed(counted);
            counted = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext chc) throws Exception {
        uncount();
        super.channelInactive(chc);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext chc) {
        uncount();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext chc, FullHttpRequest request) {
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (!request.decoderResult().isSuccess()) {
            respond(chc, request, host, HttpResponses.text(HttpResponseStatus.BAD_REQUEST, "Bad request"));
            return;
        }
        String path;
        try {
            path = new QueryStringDecoder(request.uri()).path();
        } catch (IllegalArgumentException badEscape) {
            respond(chc, request, host, HttpResponses.text(HttpResponseStatus.BAD_REQUEST, "Bad request"));
            return;
        }
        // Clients given only host and port (ws://host:port) ask at "/": an upgrade there is one too.
        if (SOCKET_PATH.equals(path) || ("/".equals(path)
                && "websocket".equalsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE)))) {
            FullHttpResponse refusal = WebSocketUpgrade.upgrade(chc, request, listener);
            if (refusal != null) {
                respond(chc, request, host, refusal);
            }
            return;
        }
        if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
            respond(chc, request, host, HttpResponses.methodNotAllowed("GET, HEAD"));
            return;
        }
        respond(chc, request, host, file(request, path));
    }

    private FullHttpResponse file(FullHttpRequest request, String path) {
        StaticFiles files = listener.files();
        if (!files.bundled() && ("/".equals(path) || "/index.html".equals(path))) {
            return HttpResponses.text(HttpResponseStatus.OK, NOT_BUNDLED);
        }
        StaticFiles.File file = files.find(path).orElse(null);
        if (file == null) {
            return HttpResponses.text(HttpResponseStatus.NOT_FOUND, "Not found");
        }
        FullHttpResponse response;
        if (file.etag().equals(request.headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
            response = HttpResponses.of(HttpResponseStatus.NOT_MODIFIED, file.contentType(), Unpooled.EMPTY_BUFFER);
        } else {
            response = HttpResponses.of(HttpResponseStatus.OK, file.contentType(),
                    Unpooled.wrappedBuffer(file.content()));
        }
        response.headers().set(HttpHeaderNames.ETAG, file.etag());
        // Hashed bundles never change under their name; the page itself is checked each time.
        response.headers().set(HttpHeaderNames.CACHE_CONTROL,
                file.immutable() ? "public, max-age=31536000, immutable" : "no-cache");
        return response;
    }

    private void respond(ChannelHandlerContext chc, FullHttpRequest request, String host, FullHttpResponse response) {
        SecurityHeaders.apply(response.headers(), host, listener.tls(), listener.trustedCertificate().getAsBoolean());
        HttpResponses.send(chc, request, response);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext chc, Throwable cause) {
        if (cause instanceof ReadTimeoutException) {
            LOG.debug("{} web connection idle, closed", chc.channel().remoteAddress());
        } else if (cause instanceof IOException) {
            LOG.debug("{} web connection closed on error: {}", chc.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("{} web connection closed on unexpected error", chc.channel().remoteAddress(), cause);
        }
        chc.close();
    }
}
