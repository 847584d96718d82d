package dev.parley.server.account;

/** What {@link AccountStore#upsert} did to an account declared in the configuration. */
public enum UpsertResult {
    CREATED,
    /** The password or display name differed and was replaced. */
    UPDATED,
    UNCHANGED
}
