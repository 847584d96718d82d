package dev.parley.server.delivery;

import java.util.Arrays;
import java.util.Collection;

/**
 * One message to many: the members of one room, or of several rooms at once (a QUIT or NICK goes
 * to everyone who shares a room with the one who left or changed, once each). Sending it appends
 * one {@code Fanout} to the outbox of each event loop that has members there; that loop then
 * encodes the message once per view and writes the same bytes to each of its members.
 */
public final class Fanout implements Delivery {
    private final Audience[] audiences;
    /** For each audience, the slice this loop delivers (-1: none). */
    private final int[] slices;
    private final Rendering rendering;
    private final Recipient except;
    private final int minRank;

    private Fanout(Audience[] audiences, int[] slices, Rendering rendering, Recipient except, int minRank) {
        this.audiences = audiences;
        this.slices = slices;
        this.rendering = rendering;
        this.except = except;
        this.minRank = minRank;
    }

    /**
     * Sends to every member of {@code audience} of at least {@code minRank} but {@code except}
     * (which may be null). The caller holds the state lock.
     */
    public static void send(Audience audience, Rendering rendering, Recipient except, int minRank) {
        Audience[] one = {audience};
        for (int s = 0; s < audience.slices(); s++) {
            audience.outbox(s).add(new Fanout(one, new int[] {s}, rendering, except, minRank));
        }
    }

    /** Sends once to everyone in any of {@code audiences} but {@code except}. The caller holds the state lock. */
    public static void send(Collection<Audience> audiences, Rendering rendering, Recipient except) {
        if (audiences.size() == 1) {
            send(audiences.iterator().next(), rendering, except, Audience.MEMBER);
            return;
        }
        Audience[] all = audiences.toArray(new Audience[0]);
        Outbox[] done = new Outbox[4];
        int doneCount = 0;
        for (Audience audience : all) {
            for (int s = 0; s < audience.slices(); s++) {
                Outbox outbox = audience.outbox(s);
                if (contains(done, doneCount, outbox)) {
                    continue;
                }
                int[] slices = new int[all.length];
                for (int a = 0; a < all.length; a++) {
                    slices[a] = all[a].sliceOf(outbox);
                }
                outbox.add(new Fanout(all, slices, rendering, except, Audience.MEMBER));
                if (doneCount == done.length) {
                    done = Arrays.copyOf(done, doneCount * 2);
                }
                done[doneCount++] = outbox;
            }
        }
    }

    private static boolean contains(Outbox[] outboxes, int count, Outbox outbox) {
        for (int i = 0; i < count; i++) {
            if (outboxes[i] == outbox) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void deliver(Outbox outbox) {
        outbox.beginFanout();
        boolean several = audiences.length > 1;
        long stamp = outbox.fanout();
        for (int a = 0; a < audiences.length; a++) {
            int slice = slices[a];
            if (slice < 0) {
                continue;
            }
            Audience audience = audiences[a];
            // One room: its own lines, so that its members' lines follow on in the chunk. Several
            // (a QUIT to everyone who shares a room): the outbox's, so a member of two gets one line.
            ViewLines[] lines = several ? sharedLines(audience, slice, outbox) : audience.lines(slice, outbox);
            Recipient[] members = audience.members(slice);
            byte[] viewIndexes = audience.viewIndexes(slice);
            byte[] ranks = audience.ranks(slice);
            for (int i = 0; i < members.length; i++) {
                Recipient member = members[i];
                if (member == except || ranks[i] < minRank) {
                    continue;
                }
                if (several) {
                    if (member.fanoutStamp == stamp) {
                        continue;
                    }
                    member.fanoutStamp = stamp;
                }
                outbox.appendShared(member, lines[viewIndexes[i] & 0xff], rendering);
            }
        }
    }

    private static ViewLines[] sharedLines(Audience audience, int slice, Outbox outbox) {
        int[] views = audience.distinctViews(slice);
        ViewLines[] lines = new ViewLines[views.length];
        for (int v = 0; v < views.length; v++) {
            lines[v] = outbox.linesFor(views[v]);
        }
        return lines;
    }
}
