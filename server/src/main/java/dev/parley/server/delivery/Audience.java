package dev.parley.server.delivery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Who a room's messages go to, frozen: its members grouped by event loop (one slice per loop),
 * each with its view (see {@link Rendering}) and rank (0 member, 1 voiced, 2 operator). A room
 * builds a new one under the state lock after its membership changes and hands the same one to
 * every fan-out until the next change; the loops only read it, so it needs no lock.
 */
public final class Audience {
    public static final int MEMBER = 0;
    public static final int VOICED = 1;
    public static final int OPERATOR = 2;

    private static final Audience EMPTY = new Audience(new Outbox[0], new Recipient[0][], new int[0][], new byte[0][]);

    private final Outbox[] outboxes;
    private final Recipient[][] members;
    private final int[][] views;
    private final byte[][] ranks;

    private Audience(Outbox[] outboxes, Recipient[][] members, int[][] views, byte[][] ranks) {
        this.outboxes = outboxes;
        this.members = members;
        this.views = views;
        this.ranks = ranks;
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

    int[] views(int slice) {
        return views[slice];
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
            byte[][] ranks = new byte[n][];
            for (int i = 0; i < n; i++) {
                Slice s = slices.get(i);
                members[i] = s.members.toArray(new Recipient[0]);
                views[i] = Arrays.copyOf(s.views, s.size);
                ranks[i] = Arrays.copyOf(s.ranks, s.size);
            }
            return new Audience(outboxes.toArray(new Outbox[0]), members, views, ranks);
        }
    }

    private static final class Slice {
        final List<Recipient> members = new ArrayList<>();
        int[] views = new int[8];
        byte[] ranks = new byte[8];
        int size;

        void add(Recipient member, int view, int rank) {
            if (size == views.length) {
                views = Arrays.copyOf(views, size * 2);
                ranks = Arrays.copyOf(ranks, size * 2);
            }
            members.add(member);
            views[size] = view;
            ranks[size] = (byte) rank;
            size++;
        }
    }
}
