package dev.parley.server.account;

import dev.parley.server.config.ParleyConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code [[operators]]} of the configuration, with their passwords hashed as soon as they are
 * read, so a plaintext password lives in memory no longer than the parsed config does.
 */
public final class OperatorCredentials {
    private final PasswordHasher hasher;
    private final Map<String, String> hashes;

    public OperatorCredentials(PasswordHasher hasher, List<ParleyConfig.CredentialSection> operators) {
        this.hasher = hasher;
        Map<String, String> byName = new HashMap<>();
        for (ParleyConfig.CredentialSection oper : operators) {
            byName.put(AccountName.casefold(oper.name()), hasher.hash(oper.password()));
        }
        this.hashes = Map.copyOf(byName);
    }

    /** Whether the name is a configured operator; slow (a password hash), so never on the event loop. */
    public boolean verify(String name, String password) {
        String stored = has(name) ? hashes.get(AccountName.casefold(name)) : null;
        if (stored == null) {
            hasher.verifyDummy(password);
            return false;
        }
        return hasher.verify(password, stored);
    }

    /** Whether {@code name} (any text a client sent) is a configured operator's. */
    public boolean has(String name) {
        return AccountName.isValid(name) && hashes.containsKey(AccountName.casefold(name));
    }
}
