package dev.parley.server.metrics;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The pipeline of a connection to the metrics listener: plain HTTP (it is for the machine's own
 * monitoring, on loopback unless configured otherwise) → {@link MetricsRouter}.
 */
public final class MetricsChannelInitializer extends ChannelInitializer<SocketChannel> {
    private static final int MAX_REQUEST_BYTES = 8192;
    private static final int IDLE_SECONDS = 60;

    private final ServerMetrics metrics;
    private final Supplier<CompletableFuture<Boolean>> acceptsLogins;

    /** @param acceptsLogins whether the server can log clients in now, for /healthz */
    public MetricsChannelInitializer(ServerMetrics metrics, Supplier<CompletableFuture<Boolean>> acceptsLogins) {
        this.metrics = metrics;
        this.acceptsLogins = acceptsLogins;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("http", new HttpServerCodec(4096, MAX_REQUEST_BYTES, MAX_REQUEST_BYTES));
        pipeline.addLast("http-aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES));
        pipeline.addLast("http-timeout", new ReadTimeoutHandler(IDLE_SECONDS, TimeUnit.SECONDS));
        pipeline.addLast("metrics", new MetricsRouter(metrics, acceptsLogins));
    }
}
