package dev.parley.server.metrics;

import dev.parley.server.web.HttpResponses;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: everything {@link ServerMetrics} counts, in the Prometheus text format.
 * {@code GET /healthz}: 200 "ok" while the server can log clients in (its login pool takes work
 * and its account database answers), 503 otherwise, for a load balancer or a service monitor.
 */
final class MetricsRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** The Prometheus text exposition format. */
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final long HEALTH_TIMEOUT_SECONDS = 5;

    private final ServerMetrics metrics;
    private final Supplier<CompletableFuture<Boolean>> acceptsLogins;

    MetricsRouter(ServerMetrics metrics, Supplier<CompletableFuture<Boolean>> acceptsLogins) {
        this.metrics = metrics;
        this.acceptsLogins = acceptsLogins;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext chc, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            HttpResponses.send(chc, request, HttpResponses.text(HttpResponseStatus.BAD_REQUEST, "Bad request"));
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (!"/metrics".equals(path) && !"/healthz".equals(path)) {
            HttpResponses.send(chc, request, HttpResponses.text(HttpResponseStatus.NOT_FOUND, "Not found"));
        } else if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
            HttpResponses.send(chc, request, HttpResponses.methodNotAllowed("GET, HEAD"));
        } else if ("/metrics".equals(path)) {
            HttpResponses.send(chc, request, HttpResponses.of(HttpResponseStatus.OK, PROMETHEUS_TEXT,
                    Unpooled.copiedBuffer(metrics.scrape(), StandardCharsets.UTF_8)));
        } else {
            FullHttpRequest kept = request.retain(); // answered when the check is done, off this thread
            acceptsLogins.get()
                    .completeOnTimeout(false, HEALTH_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .exceptionally(error -> false)
                    .thenAccept(ok -> chc.executor().execute(() -> {
                        try {
                            HttpResponses.send(chc, kept, ok
                                    ? HttpResponses.text(HttpResponseStatus.OK, "ok")
                                    : HttpResponses.text(HttpResponseStatus.SERVICE_UNAVAILABLE,
                                            "not accepting logins"));
                        } finally {
                            kept.release();
                        }
                    }));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext chc, Throwable cause) {
        chc.close();
    }
}
