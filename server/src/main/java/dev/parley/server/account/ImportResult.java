package dev.parley.server.account;

import java.util.List;

/**
 * What {@link AccountStore#importLegacy} did, or with {@code dryRun} would do.
 *
 * @param created         accounts created (or that would be)
 * @param alreadyExisting names skipped because an account of that name exists; an import never
 *                        overwrites an account, whose password may already have been upgraded
 */
public record ImportResult(int created, List<String> alreadyExisting, boolean dryRun) {
    public ImportResult {
        alreadyExisting = List.copyOf(alreadyExisting);
    }
}
