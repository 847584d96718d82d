package dev.parley.server.history;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The texts stored and not yet in the search index ({@link SearchIndex}), packed: their row ids
 * and their UTF-8 bytes end to end in a few arrays that are reused from one index write to the
 * next. Kept as objects (an entry and its string each) they outlived the young generation: up
 * to 4,096 wait (a fifth of a second at 20,000 messages/s), and with them and the driver's batches
 * each young collection copied about a megabyte, more than a survivor space holds, so the rest
 * was promoted and the pauses were twice those with history off. Packed, the strings die with
 * their messages and the arrays, reused, are old. Used by the history writer's thread only.
 */
final class PendingTexts {
    private static final int FIRST_TEXTS = 256;
    private static final int FIRST_BYTES = 16 * 1024;
    /** Bigger than this, the byte array is given up when emptied (a burst of long texts). */
    private static final int KEPT_BYTES = 1024 * 1024;

    private long[] ids = new long[FIRST_TEXTS];
    private int[] ends = new int[FIRST_TEXTS];
    private byte[] bytes = new byte[FIRST_BYTES];
    private int count;

    int size() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Adds the text of row {@code id}; ids come in increasing order. */
    void add(long id, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        int start = count == 0 ? 0 : ends[count - 1];
        if (start + utf8.length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, start + utf8.length));
        }
        System.arraycopy(utf8, 0, bytes, start, utf8.length);
        ids[count] = id;
        ends[count] = start + utf8.length;
        count++;
    }

    long id(int i) {
        return ids[i];
    }

    String text(int i) {
        int start = i == 0 ? 0 : ends[i - 1];
        return new String(bytes, start, ends[i] - start, StandardCharsets.UTF_8);
    }

    void clear() {
        count = 0;
        if (bytes.length > KEPT_BYTES) {
            bytes = new byte[FIRST_BYTES];
        }
    }
}
