package dev.parley.server.command;

import dev.parley.server.session.Capability;
import dev.parley.server.session.Session;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The one table from command name to handler. A new command is one {@link #add} call. */
public final class CommandTable {

    /**
     * @param minParams       fewer parameters get ERR_NEEDMOREPARAMS before the handler runs
     * @param beforeRegistration whether the command is allowed before registration completes
     * @param earlyWith       a capability that opens the command before registration to the
     *                        clients that enabled it (draft/pre-away's AWAY), or null
     */
    public record Entry(String name, CommandHandler handler, int minParams, boolean beforeRegistration,
                        Capability earlyWith) {
        /** Whether {@code session} may use the command now. */
        public boolean allowedFor(Session session) {
            return session.registered() || beforeRegistration || (earlyWith != null && session.has(earlyWith));
        }
    }

    private final Map<String, Entry> entries = new HashMap<>();

    /** A command open only to registered clients. */
    public CommandTable add(String name, int minParams, CommandHandler handler) {
        return put(new Entry(name, handler, minParams, false, null));
    }

    /** A command open before registration too (CAP, NICK, USER, PASS, PING...). */
    public CommandTable addEarly(String name, int minParams, CommandHandler handler) {
        return put(new Entry(name, handler, minParams, true, null));
    }

    /** A command open before registration only to clients that enabled {@code cap}. */
    public CommandTable addEarlyWith(String name, Capability cap, int minParams, CommandHandler handler) {
        return put(new Entry(name, handler, minParams, false, cap));
    }

    private CommandTable put(Entry entry) {
        if (entries.putIfAbsent(entry.name(), entry) != null) {
            throw new IllegalStateException("Command registered twice: " + entry.name());
        }
        return this;
    }

    public Optional<Entry> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    public Set<String> names() {
        return entries.keySet();
    }
}
