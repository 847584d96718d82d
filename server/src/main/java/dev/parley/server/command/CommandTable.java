package dev.parley.server.command;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The one table from command name to handler. A new command is one {@link #add} call. */
public final class CommandTable {

    /**
     * @param minParams       fewer parameters get ERR_NEEDMOREPARAMS before the handler runs
     * @param beforeRegistration whether the command is allowed before registration completes
     */
    public record Entry(String name, CommandHandler handler, int minParams, boolean beforeRegistration) {
    }

    private final Map<String, Entry> entries = new HashMap<>();

    /** A command open only to registered clients. */
    public CommandTable add(String name, int minParams, CommandHandler handler) {
        return put(new Entry(name, handler, minParams, false));
    }

    /** A command open before registration too (CAP, NICK, USER, PASS, PING...). */
    public CommandTable addEarly(String name, int minParams, CommandHandler handler) {
        return put(new Entry(name, handler, minParams, true));
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
