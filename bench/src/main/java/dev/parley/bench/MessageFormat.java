package dev.parley.bench;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The names and the one line the generator sends. Nicks and room names are short because
 * ngIRCd allows nine characters in a nick by default and every server caps room names.
 * A measured line is {@code PRIVMSG #r42 :<tag> <step> <sender> <seq> <scheduled nanoTime> xxxx...}
 * padded to a fixed length. The tag says, in one byte, what a receiver needs without reading
 * further: a letter for the step (so a late line of an earlier step is not counted in this one),
 * upper case on one line in {@link #TIMED_EVERY}, whose scheduled time the receiver reads for the
 * latency; {@code w} on warm-up lines, which are not counted. Reading a time is most of the work a
 * line costs a receiver, and a sample of one in eight gives the same percentiles from a
 * generator that keeps up with more than the servers it measures.
 */
final class MessageFormat {
    static final int MIN_LINE_BYTES = 80;
    static final int MAX_LINE_BYTES = 400;
    static final byte WARMUP = 'w';
    /** One measured line in this many carries a time the receivers read. */
    static final int TIMED_EVERY = 8;
    private static final String STEP_LETTERS = "abcdefghijklmnopqrst";

    private static final byte[] PADDING = "x".repeat(MAX_LINE_BYTES).getBytes(StandardCharsets.US_ASCII);

    private MessageFormat() {
    }

    /** The tag of step {@code step}'s measured lines: timed (upper case) or only counted. */
    static byte tag(int step, boolean timed) {
        char letter = STEP_LETTERS.charAt(Math.floorMod(step, STEP_LETTERS.length()));
        return (byte) (timed ? Character.toUpperCase(letter) : letter);
    }

    /** Whether {@code tag} is one this generator sends (of any step, or warm-up). */
    static boolean isTag(byte tag) {
        return tag == WARMUP || (tag >= 'a' && tag <= 't') || (tag >= 'A' && tag <= 'T');
    }

    static String nick(int index, int generation) {
        String base = "b" + Integer.toString(index, 36);
        return generation == 0 ? base : base + "_" + Integer.toString(generation, 36);
    }

    static String room(int room, int rooms) {
        return rooms == 1 ? "#f" : "#r" + Integer.toString(room, 36);
    }

    /** "PRIVMSG #room :", the part of every line a sender sends that does not change. */
    static byte[] prefix(String room) {
        return ("PRIVMSG " + room + " :").getBytes(StandardCharsets.US_ASCII);
    }

    /** Appends one line of {@code lineBytes} (longer only if the numbers do not fit). */
    static void write(ByteBuf out, byte[] prefix, byte tag, int step, int sender, long seq, long scheduledNanos,
                      int lineBytes) {
        int start = out.writerIndex();
        out.writeBytes(prefix);
        out.writeByte(tag);
        out.writeByte(' ');
        writeDecimal(out, step);
        out.writeByte(' ');
        writeDecimal(out, sender);
        out.writeByte(' ');
        writeDecimal(out, seq);
        out.writeByte(' ');
        writeDecimal(out, scheduledNanos);
        out.writeByte(' ');
        int pad = lineBytes - 2 - (out.writerIndex() - start);
        if (pad > 0) {
            out.writeBytes(PADDING, 0, pad);
        }
        out.writeByte('\r');
        out.writeByte('\n');
    }

    private static void writeDecimal(ByteBuf out, long value) {
        if (value < 0) {
            // System.nanoTime may be negative; the receivers parse an optional minus sign
            out.writeByte('-');
            value = -value;
        }
        long divisor = 1;
        while (divisor <= value / 10) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            out.writeByte((int) ('0' + value / divisor % 10));
        }
    }
}
