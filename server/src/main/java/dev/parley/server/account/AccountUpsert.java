package dev.parley.server.account;

import java.util.Optional;

/**
 * Makes an account declared in the configuration exist with its password, on start and on reload
 * ({@link AccountStore#upsert}), through the store's own operations. A password that still matches
 * keeps its stored hash, so a reload does not re-hash every account.
 */
final class AccountUpsert {
    private final AccountStore store;
    private final PasswordHasher hasher;

    AccountUpsert(AccountStore store, PasswordHasher hasher) {
        this.store = store;
        this.hasher = hasher;
    }

    UpsertResult upsert(String name, String password, Optional<String> displayName) {
        AccountName.requireValid(name);
        Optional<StoredCredentials> current = store.findCredentials(name);
        if (current.isEmpty()) {
            try {
                store.create(name, displayName.orElse(name), password);
                return UpsertResult.CREATED;
            } catch (AccountExistsException raced) {
                // Created by the other process in the meantime: update it like an existing one.
                current = store.findCredentials(name);
                if (current.isEmpty()) {
                    throw raced;
                }
            }
        }
        StoredCredentials stored = current.get();
        boolean displayChanged = displayName.isPresent()
                && !DisplayName.check(displayName.get(), name).equals(stored.account().displayName());
        if (displayChanged) {
            store.setDisplayName(name, displayName.get());
        }
        boolean passwordMatches = stored.passwordHash().isPresent() && !store.scramKeysOutdated(stored)
                && hasher.verify(password, stored.passwordHash().get());
        if (!passwordMatches) {
            store.setPassword(name, password);
            return UpsertResult.UPDATED;
        }
        if (hasher.needsRehash(stored.passwordHash().get())) {
            store.setPassword(name, password);
        }
        return displayChanged ? UpsertResult.UPDATED : UpsertResult.UNCHANGED;
    }
}
