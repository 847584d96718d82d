package dev.parley.server.history;

import dev.parley.server.account.AccountName;

/**
 * One party of a private conversation as history knows it: a member by account (for as long as
 * the account exists, whatever nick it uses), or a guest by nick. Keys are case-folded; the name
 * is what CHATHISTORY TARGETS shows, and what a client can ask for again.
 */
public record Identity(String key, String name) {

    public static Identity ofAccount(String account) {
        return new Identity("a:" + AccountName.casefold(account), account);
    }

    /** A guest, by {@code foldedNick} (folded by the server's case mapping). */
    public static Identity ofGuest(String foldedNick, String nick) {
        return new Identity("n:" + foldedNick, nick);
    }

    public boolean member() {
        return key.startsWith("a:");
    }
}
