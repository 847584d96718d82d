package dev.parley.server.delivery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Who a room's messages go to, frozen: its members grouped by event loop (one slice per loop),
 * each with its view (see {@link Rendering}) and rank (0 member, 1 voiced, 2 operator), and, per
 * slice, the room's encoded lines that slice's loop hands out. A room
 * builds a new one under the state lock after its membership changes and hands the same one to
 * every fan-out until the next change; the loops only read it, so it needs no lock.
 */
public final class Audience {
    public static final int MEMBER = 0;
    public static final int VOICED = 1;
    public static final int OPERATOR = 2;

    private static final Audience EMPTY = new Audience(new Outbox[0], new Recipient[0][], new int[0][], new byte[0][],
            new byte[0][]);

    private final Outbox[] outboxes;
    private final Recipient[][] members;
    /** Per slice, the distinct views of its members; per member, the index of its view there. */
    private final int[][] views;
    private final byte[][] viewIndexes;
    private final byte[][] ranks;
    /**
     * Per slice, the lines the slice's outbox encodes for each of its views: this room's lines
     * end to end, so that its members' lines are consecutive even when the loop serves other busy
     * rooms at the same time. Made and used by that outbox only, on its loop.
     */
    private final ViewLines[][] lines;

    private Audience(Outbox[] outboxes, Recipient[][] members, int[][] views, byte[][] viewIndexes, byte[][] ranks) {
        this.outboxes = outboxes;
        this.members = members;
        this.views = views;
        this.viewIndexes = viewIndexes;
        this.ranks = ranks;
        this.lines = new ViewLines[outboxes.length][];
    }

    public static Audience empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    int slices() {
        return outboxes.length;
    }

    Outbox outbox(int slice) {
        return outboxes[slice];
    }

    /** The slice that {@code outbox} delivers, or -1 when none of its connections is here. */
    int sliceOf(Outbox outbox) {
        for (int i = 0; i < outboxes.length; i++) {
            if (outboxes[i] == outbox) {
                return i;
            }
        }
        return -1;
    }

    Recipient[] members(int slice) {
        return members[slice];
    }

    /** The distinct views of a slice's members. */
    int[] distinctViews(int slice) {
        return views[slice];
    }

    /** The index of each member's view in {@link #distinctViews} and {@link #lines}. */
    byte[] viewIndexes(int slice) {
        return viewIndexes[slice];
    }

    /** The slice's lines, one per distinct view, made on first use by the slice's outbox. */
    ViewLines[] lines(int slice, Outbox outbox) {
        ViewLines[] own = lines[slice];
        if (own == null) {
            int[] distinct = views[slice];
            own = new ViewLines[distinct.length];
            for (int v = 0; v < distinct.length; v++) {
                own[v] = outbox.newLines(distinct[v]);
            }
            lines[slice] = own;
        }
        return own;
    }

    byte[] ranks(int slice) {
        return ranks[slice];
    }

    /** Collects members, then freezes them into an {@link Audience}. */
    public static final class Builder {
        private final List<Outbox> outboxes = new ArrayList<>(2);
        private final List<Slice> slices = new ArrayList<>(2);

        private Builder() {
        }

        /** Adds a member; one that has no outbox (never written to) is left out. */
        public Builder add(Recipient member, int view, int rank) {
            Outbox outbox = member.outbox();
            if (outbox == null) {
                return this;
            }
            int slice = outboxes.indexOf(outbox);
            if (slice < 0) {
                slice = outboxes.size();
                outboxes.add(outbox);
                slices.add(new Slice());
            }
            slices.get(slice).add(member, view, rank);
            return this;
        }

        public Audience build() {
            if (outboxes.isEmpty()) {
                return EMPTY;
            }
            int n = outboxes.size();
            Recipient[][] members = new Recipient[n][];
            int[][] views = new int[n][];
            byte[][] viewIndexes = new byte[n][];
            byte[][] ranks = new byte[n][];
            for (int i = 0; i < n; i++) {
                Slice s = slices.get(i);
                members[i] = s.members.toArray(new Recipient[0]);
                views[i] = s.distinct.stream().mapToInt(Integer::intValue).toArray();
                viewIndexes[i] = Arrays.copyOf(s.viewIndexes, s.size);
                ranks[i] = Arrays.copyOf(s.ranks, s.size);
            }
            return new Audience(outboxes.toArray(new Outbox[0]), members, views, viewIndexes, ranks);
        }
    }

    private static final class Slice {
        final List<Recipient> members = new ArrayList<>();
        /** The views seen, in order; a member's index into this list is kept as a byte. */
        final List<Integer> distinct = new ArrayList<>(2);
        byte[] viewIndexes = new byte[8];
        byte[] ranks = new byte[8];
        int size;

        void add(Recipient member, int view, int rank) {
            int index = distinct.indexOf(view);
            if (index < 0) {
                // Views are combinations of a few capabilities: far fewer than a byte holds.
                index = distinct.size();
                distinct.add(view);
            }
            if (size == ranks.length) {
                viewIndexes = Arrays.copyOf(viewIndexes, size * 2);
                ranks = Arrays.copyOf(ranks, size * 2);
            }
            members.add(member);
            viewIndexes[size] = (byte) index;
            ranks[size] = (byte) rank;
            size++;
        }
    }
}
