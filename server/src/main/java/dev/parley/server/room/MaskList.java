package dev.parley.server.room;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A room's ban (+b), ban-exception (+e) or invite-exception (+I) list. */
public final class MaskList {
    /** One entry: the mask, who set it and when. */
    public record Entry(String mask, String setBy, Instant setAt) {
    }

    private final int capacity;
    private final List<Entry> entries = new ArrayList<>();

    public MaskList(int capacity) {
        this.capacity = capacity;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** Adds the mask unless it is there already or the list is full; true when added. */
    public boolean add(String mask, String setBy) {
        if (entries.size() >= capacity || contains(mask)) {
            return false;
        }
        entries.add(new Entry(mask, setBy, Instant.now()));
        return true;
    }

    public boolean remove(String mask) {
        return entries.removeIf(e -> e.mask().equalsIgnoreCase(mask));
    }

    public boolean contains(String mask) {
        return entries.stream().anyMatch(e -> e.mask().equalsIgnoreCase(mask));
    }

    /** Whether any entry, as a ban or exception, matches {@code subject}. */
    public boolean matches(MaskSubject subject, HostmaskMatcher matcher) {
        for (Entry entry : entries) {
            if (matcher.matches(entry.mask(), subject)) {
                return true;
            }
        }
        return false;
    }

    /** Whether any entry is a mute ({@code $m:}) matching {@code subject}. */
    public boolean mutes(MaskSubject subject, HostmaskMatcher matcher) {
        for (Entry entry : entries) {
            if (matcher.mutes(entry.mask(), subject)) {
                return true;
            }
        }
        return false;
    }
}
