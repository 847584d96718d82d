package dev.parley.server.moderation;

import java.util.Locale;

/** What a server ban is held against. */
public enum BanKind {
    /** A logged-in account, whatever nick or address it uses ({@code $a:name}). */
    ACCOUNT,
    /** A {@code nick!user@host} mask; its host may be a cloak, the real address or a network. */
    MASK,
    /** The connection's address or network (DLINE): refused before anything else happens. */
    ADDRESS;

    /** The name kept in the database. */
    String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    static BanKind ofColumn(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
