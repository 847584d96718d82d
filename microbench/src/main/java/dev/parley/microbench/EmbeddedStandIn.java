package dev.parley.microbench;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * A connection as Netty's {@link EmbeddedChannel}: a write goes through the (empty) pipeline into
 * the channel's {@code ChannelOutboundBuffer}, and a flush moves it to a queue that {@link Tally#drain}
 * empties. That is the path of a real plaintext connection (whose one handler is inbound only)
 * but for the socket's writev; only the counting here is added.
 */
final class EmbeddedStandIn extends EmbeddedChannel {
    private final Tally tally;
    boolean markedFlushed;

    EmbeddedStandIn(Tally tally) {
        this.tally = tally;
    }

    @Override
    public ChannelFuture write(Object msg, ChannelPromise promise) {
        tally.writes++;
        return super.write(msg, promise);
    }

    @Override
    public ChannelFuture writeAndFlush(Object msg, ChannelPromise promise) {
        tally.writes++;
        flushed();
        return super.writeAndFlush(msg, promise);
    }

    @Override
    public Channel flush() {
        flushed();
        return super.flush();
    }

    private void flushed() {
        tally.flushes++;
        if (!markedFlushed) {
            markedFlushed = true;
            tally.flushed(this);
        }
    }
}
