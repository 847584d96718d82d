package dev.parley.app;

import dev.parley.server.moderation.AuditTrail;
import dev.parley.server.moderation.BanDuration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code parley admin audit}: the login attempts and operator actions of the audit log, newest first. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Show the audit log: login attempts and operator actions, newest first.")
final class AuditAdminCommand implements Callable<Integer> {
    @ParentCommand
    AdminCommand admin;
    @Option(names = "--account", paramLabel = "X",
            description = "Only logins as X and actions by or against X.")
    String account;
    @Option(names = "--since", paramLabel = "T",
            description = "From T on: a date (2026-12-01), a local or UTC time (2026-12-01T09:30, ...Z), "
                    + "or how long ago (7d, 12h).")
    String since;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N lines (default 100).")
    int limit;

    @Override
    public Integer call() {
        return AdminDatabase.run(admin, (db, out, err) -> {
            if (limit < 1) {
                throw new IllegalArgumentException("--limit must be at least 1");
            }
            Instant from = since == null ? Instant.EPOCH : parseSince(since, Instant.now());
            List<AuditTrail.Entry> entries = new AuditTrail(db).read(Optional.ofNullable(account), from, limit);
            int whoWidth = Math.max(3, entries.stream().mapToInt(e -> e.who().length()).max().orElse(0));
            int addressWidth = Math.max(7, entries.stream().mapToInt(e -> e.address().length()).max().orElse(0));
            String format = "%-16s  %-" + whoWidth + "s  %-" + addressWidth + "s  %-13s  %s%n";
            out.printf(format, "WHEN", "WHO", "ADDRESS", "EVENT", "DETAIL");
            for (AuditTrail.Entry e : entries) {
                out.printf(format, AdminCommand.WHEN.format(e.at()), e.who(), e.address(), e.event(), e.detail());
            }
            out.println(entries.size() + (entries.size() == 1 ? " entry" : " entries"));
            return 0;
        });
    }

    /** A date, a date and time (local, or with an offset), or a duration back from {@code now}. */
    static Instant parseSince(String text, Instant now) {
        if (BanDuration.looksLikeOne(text)) {
            return BanDuration.parse(text).map(now::minus).orElse(now);
        }
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneId.systemDefault()).toInstant();
            }
            if (text.endsWith("Z") || text.matches(".*[+-][0-9]{2}:[0-9]{2}$")) {
                return OffsetDateTime.parse(text).toInstant();
            }
            return LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since: not a date, a time or a duration: " + text
                    + " (e.g. 2026-12-01, 2026-12-01T09:30, 7d)");
        }
    }
}
