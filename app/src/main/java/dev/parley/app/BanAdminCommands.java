package dev.parley.app;

import dev.parley.server.moderation.BanDuration;
import dev.parley.server.moderation.BanStore;
import dev.parley.server.moderation.BanTarget;
import dev.parley.server.moderation.OperatorAction;
import dev.parley.server.moderation.OperatorAudit;
import dev.parley.server.moderation.ServerBan;
import dev.parley.server.moderation.ServerBans;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code parley admin ban|unban|bans}: server bans written to the database, where a running
 * server finds them within {@link ServerBans#REFRESH_INTERVAL} and drops whoever they match.
 */
final class BanAdminCommands {
    private static final String TARGETS = "$a:ACCOUNT, a nick!user@host mask, an IP address or a CIDR network";

    private BanAdminCommands() {
    }

    @Command(name = "ban", mixinStandardHelpOptions = true,
            description = "Ban an account, a mask or an address from the server (takes effect within seconds).")
    static final class Ban implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;
        @Parameters(paramLabel = "TARGET", description = TARGETS)
        String target;
        @Option(names = "--duration", paramLabel = "D", defaultValue = "0",
                description = "How long: 0 (permanent, the default), seconds, or e.g. 30m, 1h, 7d, 1d12h.")
        String duration;
        @Option(names = "--reason", paramLabel = "R", defaultValue = "No reason given",
                description = "Shown to whoever the ban refuses.")
        String reason;

        @Override
        public Integer call() {
            return AdminDatabase.run(admin, (db, out, err) -> {
                BanTarget parsed = BanTarget.parse(target);
                Optional<Duration> lasting = BanDuration.parse(duration);
                Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                String lastingText = lasting.map(d -> "for " + BanDuration.format(d)).orElse("permanent");
                db.write(c -> {
                    new BanStore(db).put(new ServerBan(parsed, reason, AdminDatabase.actor(), now,
                            lasting.map(now::plus).orElse(null)));
                    new OperatorAudit(db).record(new OperatorAction(now, AdminDatabase.actor(), "local",
                            "BAN", parsed.shown(), lastingText + ": " + reason));
                    return null;
                });
                out.println("Banned " + parsed.shown() + " (" + lastingText + "): " + reason);
                return 0;
            });
        }
    }

    @Command(name = "unban", mixinStandardHelpOptions = true, description = "Lift a server ban.")
    static final class Unban implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;
        @Parameters(paramLabel = "TARGET", description = TARGETS)
        String target;

        @Override
        public Integer call() {
            return AdminDatabase.run(admin, (db, out, err) -> {
                BanTarget parsed = BanTarget.parse(target);
                boolean removed = db.write(c -> {
                    boolean found = new BanStore(db).remove(parsed);
                    if (found) {
                        new OperatorAudit(db).record(new OperatorAction(Instant.now(), AdminDatabase.actor(), "local",
                                "UNBAN", parsed.shown(), ""));
                    }
                    return found;
                });
                if (!removed) {
                    err.println("parley admin: no ban on " + parsed.shown());
                    return 1;
                }
                out.println("Unbanned " + parsed.shown());
                return 0;
            });
        }
    }

    @Command(name = "bans", mixinStandardHelpOptions = true, description = "List the server bans in force.")
    static final class Bans implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;

        @Override
        public Integer call() {
            return AdminDatabase.run(admin, (db, out, err) -> {
                Instant now = Instant.now();
                List<ServerBan> bans = new BanStore(db).all().stream().filter(b -> b.activeAt(now)).toList();
                int width = Math.max(6, bans.stream().mapToInt(b -> b.target().shown().length()).max().orElse(0));
                String format = "%-7s  %-" + width + "s  %-16s  %-16s  %-16s  %s%n";
                out.printf(format, "KIND", "TARGET", "SET BY", "SET AT", "EXPIRES", "REASON");
                for (ServerBan ban : bans) {
                    out.printf(format, ban.target().kind().name().toLowerCase(java.util.Locale.ROOT),
                            ban.target().shown(), ban.setBy(), AdminCommand.WHEN.format(ban.setAt()),
                            ban.expires().map(AdminCommand.WHEN::format).orElse("never"), ban.reason());
                }
                out.println(bans.size() + (bans.size() == 1 ? " ban" : " bans"));
                return 0;
            });
        }
    }
}
