package dev.parley.app.bench;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcParseException;
import dev.parley.protocol.IrcParser;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.function.LongConsumer;

/**
 * One simulated user that joins a room and then only listens, as most people in a chat do:
 * registers as a guest, joins, answers the server's PINGs, and reports how long each timed
 * message ({@code PRIVMSG #room :t=<nanoTime>}) took to reach it.
 */
final class QuietMember extends SimpleChannelInboundHandler<String> {
    /** What the benchmark learns from one member. */
    interface Events {
        void joined();

        void failed(String why);

        void lost();
    }

    private final String nick;
    private final String room;
    private final Events events;
    private final LongConsumer delayNanos;
    private boolean joined;

    QuietMember(String nick, String room, Events events, LongConsumer delayNanos) {
        this.nick = nick;
        this.room = room;
        this.events = events;
        this.delayNanos = delayNanos;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // The TLS handler holds these until its handshake is done.
        ctx.writeAndFlush("NICK " + nick + "\r\nUSER " + nick + " 0 * :" + nick + "\r\n");
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, String line) {
        long arrived = System.nanoTime();
        IrcMessage m;
        try {
            m = IrcParser.parse(line);
        } catch (IrcParseException e) {
            return;
        }
        switch (m.command()) {
            case "PING" -> ctx.writeAndFlush("PONG :" + m.last() + "\r\n");
            case "001" -> ctx.writeAndFlush("JOIN " + room + "\r\n");
            case "366" -> {
                if (!joined) {
                    joined = true;
                    events.joined();
                }
            }
            case "PRIVMSG" -> {
                String text = m.last();
                if (text != null && text.startsWith("t=")) {
                    delayNanos.accept(arrived - Long.parseLong(text.substring(2)));
                }
            }
            case "ERROR" -> fail(m.last());
            default -> {
                // everything else a listener is shown is not measured
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (joined) {
            events.lost();
        } else {
            fail("closed before joining");
        }
        ctx.fireChannelInactive();
    }

    /** May come twice (an ERROR, then the close); the benchmark counts each member once. */
    private void fail(String why) {
        if (!joined) {
            events.failed(why);
        }
    }
}
