package dev.parley.server.web;

import dev.parley.protocol.IrcLimits;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a web connection into IRC over WebSocket (IRCv3 websocket): checks the page's Origin,
 * agrees the subprotocol — {@code binary.ircv3.net} or {@code text.ircv3.net}, whichever the
 * client lists first, or none (then text) — and replaces the HTTP stages with the WebSocket
 * codec, {@link IrcFrameCodec} and the session stage every IRC connection ends in.
 */
final class WebSocketUpgrade {
    private static final Logger LOG = LoggerFactory.getLogger("parley.connections");
    static final String BINARY = "binary.ircv3.net";
    static final String TEXT = "text.ircv3.net";
    /**
     * The largest message taken. Longer than any IRC line may be, so that an over-long line gets
     * the IRC error (417) as on TCP; a message past even this closes the socket (1009).
     */
    static final int MAX_MESSAGE_BYTES = 2 * IrcLimits.MAX_FRAME_BYTES;

    private static final WebSocketDecoderConfig DECODER = WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(MAX_MESSAGE_BYTES)
            .allowExtensions(false)
            // Invalid UTF-8 gets the same FAIL INVALID_UTF8 as on TCP, from the line decoder,
            // instead of the connection being closed.
            .withUTF8Validator(false)
            .build();

    private WebSocketUpgrade() {
    }

    /**
     * Upgrades the connection for {@code request}, or answers why not.
     *
     * @return null once upgraded, else the refusal to send
     */
    static FullHttpResponse upgrade(ChannelHandlerContext chc, FullHttpRequest request, WebListener listener) {
        if (!HttpMethod.GET.equals(request.method())) {
            return HttpResponses.methodNotAllowed("GET");
        }
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (!OriginPolicy.allows(origin, host, listener.tls(), listener.ctx().config().web().allowedOrigins())) {
            LOG.info("{} WebSocket refused: page origin {} is not allowed", chc.channel().remoteAddress(), origin);
            return HttpResponses.text(HttpResponseStatus.FORBIDDEN, "This page's origin may not connect here");
        }
        if (!"websocket".equalsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE))
                || !"13".equals(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
            FullHttpResponse refusal = HttpResponses.text(HttpResponseStatus.UPGRADE_REQUIRED,
                    "This is IRC over WebSocket (RFC 6455, version 13)");
            refusal.headers().set(HttpHeaderNames.UPGRADE, "websocket");
            refusal.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
            return refusal;
        }
        String url = (listener.tls() ? "wss://" : "ws://") + host + WebRouter.SOCKET_PATH;
        WebSocketServerHandshaker handshaker =
                new WebSocketServerHandshakerFactory(url, BINARY + "," + TEXT, DECODER).newHandshaker(request);
        ChannelPipeline pipeline = chc.pipeline();
        // Writes the 101 answer and puts the WebSocket codec in place of the HTTP one.
        handshaker.handshake(chc.channel(), request);
        boolean binary = BINARY.equals(handshaker.selectedSubprotocol());
        pipeline.remove("http-timeout");
        // The session stage counts the connection from here on; the router gives its place up.
        pipeline.replace(chc.name(), "irc-frames", new IrcFrameCodec(binary));
        pipeline.addBefore("irc-frames", "ws-aggregator", new WebSocketFrameAggregator(MAX_MESSAGE_BYTES));
        pipeline.addLast("session", listener.sessions().newHandler(chc.channel()));
        LOG.info("{} upgraded to IRC over WebSocket ({})", chc.channel().remoteAddress(),
                handshaker.selectedSubprotocol() == null ? "no subprotocol: text" : handshaker.selectedSubprotocol());
        // The session stage was not there when the connection became active: it starts now.
        pipeline.context("irc-frames").fireChannelActive();
        return null;
    }
}
