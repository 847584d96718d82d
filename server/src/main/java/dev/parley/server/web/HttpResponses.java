package dev.parley.server.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Building and sending the small, whole HTTP answers of the web and metrics listeners. */
public final class HttpResponses {
    public static final String TEXT = "text/plain; charset=utf-8";

    private HttpResponses() {
    }

    /** A plain-text answer: {@code text} and a line end. */
    public static FullHttpResponse text(HttpResponseStatus status, String text) {
        return of(status, TEXT, Unpooled.copiedBuffer(text + "\n", StandardCharsets.UTF_8));
    }

    /** An answer carrying {@code body} (whose reference it takes) as {@code contentType}. */
    public static FullHttpResponse of(HttpResponseStatus status, String contentType, ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        return response;
    }

    /** 405, naming the methods the path takes ({@code allowed}, as the Allow header has them). */
    public static FullHttpResponse methodNotAllowed(String allowed) {
        FullHttpResponse response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method not allowed");
        response.headers().set(HttpHeaderNames.ALLOW, allowed);
        return response;
    }

    /**
     * Sends {@code response} to {@code request}: sets its length, drops the body for HEAD, and
     * keeps the connection open only if the client asked to keep it.
     */
    public static void send(ChannelHandlerContext chc, FullHttpRequest request, FullHttpResponse response) {
        HttpUtil.setContentLength(response, response.content().readableBytes());
        if (HttpMethod.HEAD.equals(request.method())) {
            response.content().clear();
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        var written = chc.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
