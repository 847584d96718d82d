package dev.parley.bench;

import dev.parley.protocol.IrcMessage;
import dev.parley.protocol.IrcParseException;
import dev.parley.protocol.IrcParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * One simulated user: registers with plain NICK and USER, answers PINGs, joins its room (or
 * not), and then counts the generator's lines it receives. Those lines are read straight from the
 * buffer without a full IRC parse, as they must be at millions a second on one core: find the end
 * of the line, skip the prefix, compare "PRIVMSG " in one long, check the tag, read the step and
 * the scheduled time. Every other line (rare under load) is parsed properly and handled.
 * Lives on one event loop; what the crowd needs to know goes through {@link Events}.
 */
final class BenchClient extends ChannelInboundHandlerAdapter {
    /** How far a client goes before it counts as set up. */
    enum Goal {
        /** 001 received (the storm measures just that). */
        REGISTER,
        /** registered and the welcome burst over (a PING after 001 answered): idle connections. */
        SETTLE,
        /** in its room: end of NAMES (366) received. */
        JOIN
    }

    /** Called on the client's event loop. */
    interface Events {
        void ready(BenchClient client);

        /** Before reaching its goal: refused, closed, timed out, an error numeric. */
        void failed(BenchClient client, String why);

        /** After reaching it: the server dropped the client (SendQ, ping timeout...). */
        void dropped(BenchClient client, String why);
    }

    private static final int MAX_LINE = 16 * 1024;

    final int index;
    final String room;
    private final Goal goal;
    private final Events events;
    private final Function<EventLoop, LoopTally> tallies;
    private int generation;
    private LoopTally tally;
    private Channel channel;
    /** The start of a line the last read cut off, {@link #carryLength} bytes of it. */
    private byte[] carry;
    private int carryLength;
    private boolean registered;
    private boolean ready;
    private String reason;
    /** System.nanoTime when 001 arrived. */
    private long registeredNanos;

    /** {@code tallies} gives the tally of the event loop the client lands on. */
    BenchClient(int index, String room, Goal goal, Events events, Function<EventLoop, LoopTally> tallies,
                int generation) {
        this.index = index;
        this.room = room;
        this.goal = goal;
        this.events = events;
        this.tallies = tallies;
        this.generation = generation;
    }

    Channel channel() {
        return channel;
    }

    /** When 001 arrived; read after {@link Events#ready}, which publishes it. */
    long registeredNanos() {
        return registeredNanos;
    }

    int generation() {
        return generation;
    }

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        tally = tallies.apply(ctx.channel().eventLoop());
        ctx.fireChannelRegistered();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // With TLS, the handler holds this until its handshake is done.
        String nick = MessageFormat.nick(index, generation);
        send(ctx, "NICK " + nick + "\r\nUSER " + nick + " 0 * :" + nick + "\r\n");
        ctx.fireChannelActive();
    }

    private static void send(ChannelHandlerContext ctx, String lines) {
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), lines));
    }

    /**
     * Reads straight from a byte array: the read is copied once into the loop's scratch array
     * (after any partial line left by the previous read) and cut into lines there, which is several
     * times cheaper than searching the buffer byte by byte through its accessors.
     */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            long now = System.nanoTime(); // one clock read for every line of this read
            int carried = carry == null ? 0 : carryLength;
            int length = carried + in.readableBytes();
            byte[] a = tally.scratch(length);
            if (carried > 0) {
                System.arraycopy(carry, 0, a, 0, carried);
            }
            in.getBytes(in.readerIndex(), a, carried, in.readableBytes());
            int start = 0;
            for (int lf = Bytes.indexOfNewline(a, carried, length); lf >= 0;
                    lf = Bytes.indexOfNewline(a, lf + 1, length)) {
                line(ctx, a, start, lf, now);
                start = lf + 1;
            }
            keep(ctx, a, start, length);
        } finally {
            in.release();
        }
    }

    /** A line cut by the end of a read is kept until the rest arrives. */
    private void keep(ChannelHandlerContext ctx, byte[] a, int start, int end) {
        int rest = end - start;
        if (rest > MAX_LINE) {
            reason = "a line longer than " + MAX_LINE + " bytes";
            ctx.close();
            return;
        }
        if (rest > 0 && (carry == null || carry.length < rest)) {
            carry = new byte[Math.max(512, rest)];
        }
        if (rest > 0) {
            System.arraycopy(a, start, carry, 0, rest);
        }
        carryLength = rest;
    }

    /** One line, from {@code start} to {@code end} (the LF, not included). */
    private void line(ChannelHandlerContext ctx, byte[] a, int start, int end, long now) {
        if (end > start && a[end - 1] == '\r') {
            end--;
        }
        int p = start;
        if (p < end && a[p] == ':') {
            while (p < end && a[p] != ' ') {
                p++;
            }
            p++;
            if (p >= end) {
                return;
            }
        }
        if (end - p > 12 && a[p] == 'P' && a[p + 1] == 'R' && a[p + 2] == 'I' && a[p + 3] == 'V'
                && a[p + 4] == 'M' && a[p + 5] == 'S' && a[p + 6] == 'G' && a[p + 7] == ' ') {
            int q = p + 8;
            while (q < end && a[q] != ' ') {
                q++;
            }
            if (q + 4 < end && a[q + 1] == ':' && a[q + 3] == ' ') {
                byte tag = a[q + 2];
                if (MessageFormat.isTag(tag)) {
                    delivery(a, q + 4, end, tag, now);
                }
            }
            return;
        }
        if (matters(a, p, end)) {
            control(ctx, new String(a, start, end - start, StandardCharsets.UTF_8));
        }
    }

    /**
     * Whether a line's command is one a client acts on. The rest (JOINs of the others, NAMES,
     * notices: hundreds of thousands while a big room fills) is skipped without decoding it.
     */
    private boolean matters(byte[] a, int p, int end) {
        int space = p;
        while (space < end && a[space] != ' ') {
            space++;
        }
        int length = space - p;
        if (length == 3) {
            byte first = a[p];
            return !ready && (first == '0' || first == '3' || first == '4' || first == '5');
        }
        return length == 4 && (is(a, p, "PING") || is(a, p, "PONG")) || length == 5 && is(a, p, "ERROR");
    }

    private static boolean is(byte[] a, int p, String command) {
        for (int i = 0; i < command.length(); i++) {
            if (a[p + i] != command.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A generator line; {@code from} is where its text goes on after the tag: {@code <step> <sender> <seq> <nanos>}. */
    private void delivery(byte[] a, int from, int end, byte tag, long now) {
        tally.allLines++;
        if (tag == tally.countedTag) {
            tally.measured++;
        } else if (tag == tally.timedTag) {
            tally.measured++;
            timed(a, from, end, now);
        }
    }

    /** Reads the scheduled time of a timed line into the latency histogram. */
    private void timed(byte[] a, int from, int end, long now) {
        int i = from;
        for (int field = 0; field < 3; field++) { // past the step, the sender and the sequence number
            while (i < end && a[i] != ' ') {
                i++;
            }
            i++;
        }
        if (i >= end) {
            return;
        }
        boolean negative = a[i] == '-';
        if (negative) {
            i++;
        }
        long nanos = 0;
        for (byte c; i < end && (c = a[i]) != ' '; i++) {
            nanos = nanos * 10 + (c - '0');
        }
        tally.latency.record(now - (negative ? -nanos : nanos));
    }

    private void control(ChannelHandlerContext ctx, String line) {
        IrcMessage m;
        try {
            m = IrcParser.parse(line);
        } catch (IrcParseException e) {
            return;
        }
        String command = m.command();
        switch (command) {
            case "PING" -> send(ctx, "PONG :" + (m.params().isEmpty() ? "" : m.last()) + "\r\n");
            case "001" -> welcomed(ctx);
            case "PONG" -> {
                if (goal == Goal.SETTLE && registered) {
                    reached();
                }
            }
            case "366" -> {
                if (goal == Goal.JOIN && m.params().size() > 1 && m.param(1).equalsIgnoreCase(room)) {
                    reached();
                }
            }
            case "433" -> {
                // The nick is still taken (a dropped client the server has not noticed yet): next one.
                if (!registered) {
                    generation++;
                    send(ctx, "NICK " + MessageFormat.nick(index, generation) + "\r\n");
                }
            }
            case "ERROR" -> reason = "ERROR " + (m.params().isEmpty() ? "" : m.last());
            default -> {
                if (!ready && isError(command)) {
                    reason = command + " " + String.join(" ", m.paramsFrom(Math.min(1, m.params().size())));
                    ctx.close();
                }
            }
        }
    }

    private void welcomed(ChannelHandlerContext ctx) {
        if (registered) {
            return;
        }
        registered = true;
        registeredNanos = System.nanoTime();
        switch (goal) {
            case REGISTER -> reached();
            case SETTLE -> send(ctx, "PING :settled\r\n");
            case JOIN -> send(ctx, "JOIN " + room + "\r\n");
        }
    }

    private void reached() {
        if (!ready) {
            ready = true;
            events.ready(this);
        }
    }

    /** Error numerics (4xx, 5xx) before the goal mean the set-up failed; a missing MOTD (422) does not. */
    private static boolean isError(String command) {
        return command.length() == 3 && !command.equals("422") && (command.charAt(0) == '4' || command.charAt(0) == '5')
                && Character.isDigit(command.charAt(1)) && Character.isDigit(command.charAt(2));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (reason == null) {
            reason = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        String why = reason != null ? reason : "closed by the server";
        if (ready) {
            events.dropped(this, why);
        } else {
            events.failed(this, why);
        }
        ctx.fireChannelInactive();
    }

}
