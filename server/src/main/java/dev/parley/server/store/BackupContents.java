package dev.parley.server.store;

/**
 * What a backup holds, as {@code parley admin backup} and {@code restore} report it.
 *
 * @param schemaVersion the database's schema version (its newest applied migration)
 * @param accounts member accounts
 * @param historyLines lines of history (messages and the room events kept with them)
 * @param tlsFiles files of the data folder's TLS material
 */
public record BackupContents(String schemaVersion, long accounts, long historyLines, int tlsFiles) {

    /** One line for people: "3 accounts, 1200 history lines, 2 TLS files, schema version 4". */
    public String describe() {
        return accounts + (accounts == 1 ? " account, " : " accounts, ") + historyLines
                + (historyLines == 1 ? " history line, " : " history lines, ") + tlsFiles
                + (tlsFiles == 1 ? " TLS file" : " TLS files") + ", schema version " + schemaVersion;
    }
}
