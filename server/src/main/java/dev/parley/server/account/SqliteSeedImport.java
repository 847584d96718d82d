package dev.parley.server.account;

import dev.parley.server.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the accounts of a seed member file in one transaction ({@link AccountStore#importLegacy}):
 * each with the member's legacy hash and no password hash until its first login.
 */
final class SqliteSeedImport {
    // Logs as the store: log settings set the level of every account change by that one name.
    private static final Logger log = LoggerFactory.getLogger(SqliteAccountStore.class);

    private final Database db;
    private final Clock clock;

    SqliteSeedImport(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** @throws IllegalArgumentException if a real name is no acceptable display name; then nothing is written */
    ImportResult run(List<SeedMember> members, boolean dryRun) {
        for (SeedMember member : members) {
            DisplayName.check(member.realName(), member.memberNumber());
        }
        long now = clock.millis();
        ImportResult result = dryRun ? db.read(c -> insert(c, members, true, now))
                : db.write(c -> insert(c, members, false, now));
        log.info("{} seed members: {} accounts {}, {} already existed", dryRun ? "Dry run of importing" : "Imported",
                result.created(), dryRun ? "would be created" : "created", result.alreadyExisting().size());
        return result;
    }

    private static ImportResult insert(Connection c, List<SeedMember> members, boolean dryRun, long now)
            throws SQLException {
        int created = 0;
        List<String> existing = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO accounts (name, name_key, display_name, "
                + "legacy_sha256, created_at) VALUES (?, ?, ?, ?, ?)")) {
            for (SeedMember member : members) {
                String key = AccountName.casefold(member.memberNumber());
                if (!seen.add(key) || AccountRows.idOf(c, key).isPresent()) {
                    existing.add(member.memberNumber());
                    continue;
                }
                if (!dryRun) {
                    insert.setString(1, member.memberNumber());
                    insert.setString(2, key);
                    insert.setString(3, member.realName());
                    insert.setString(4, member.sha256Hex());
                    insert.setLong(5, now);
                    insert.executeUpdate();
                }
                created++;
            }
        }
        return new ImportResult(created, existing, dryRun);
    }
}
