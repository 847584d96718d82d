package dev.parley.microbench;

import dev.parley.server.delivery.Outbox;
import dev.parley.server.delivery.Recipient;
import io.netty.channel.Channel;

/** A connection as the delivery code sees it, without a session behind it. */
final class BenchRecipient extends Recipient {
    BenchRecipient(Channel channel, Outbox outbox) {
        super(channel, outbox);
    }
}
