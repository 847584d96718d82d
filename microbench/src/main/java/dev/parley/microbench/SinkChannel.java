package dev.parley.microbench;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * A connection that costs next to nothing: every write is counted and released at once, without
 * pipeline, outbound buffer or queue (it is an {@link EmbeddedChannel} only so that it is an open,
 * active, registered channel). Set against {@link EmbeddedStandIn}, it shows how much of a fan-out
 * is the delivery code and how much Netty's write path.
 */
final class SinkChannel extends EmbeddedChannel {
    private final Tally tally;

    SinkChannel(Tally tally) {
        this.tally = tally;
    }

    @Override
    public ChannelFuture write(Object msg, ChannelPromise promise) {
        tally.writes++;
        tally.take(msg);
        return promise;
    }

    @Override
    public ChannelFuture write(Object msg) {
        write(msg, voidPromise());
        return newSucceededFuture();
    }

    @Override
    public ChannelFuture writeAndFlush(Object msg, ChannelPromise promise) {
        tally.writes++;
        tally.flushes++;
        tally.take(msg);
        return promise;
    }

    @Override
    public ChannelFuture writeAndFlush(Object msg) {
        writeAndFlush(msg, voidPromise());
        return newSucceededFuture();
    }

    @Override
    public Channel flush() {
        tally.flushes++;
        return this;
    }
}
