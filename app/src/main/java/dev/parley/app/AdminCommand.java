package dev.parley.app;

import dev.parley.server.account.Account;
import dev.parley.server.account.AccountExistsException;
import dev.parley.server.account.AccountStore;
import dev.parley.server.account.ImportResult;
import dev.parley.server.account.SeedMemberFile;
import dev.parley.server.account.SqliteAccountStore;
import dev.parley.server.config.ConfigException;
import dev.parley.server.config.ConfigLoader;
import dev.parley.server.config.ParleyConfig;
import dev.parley.server.net.tls.Fingerprint;
import dev.parley.server.store.BackupRefusedException;
import dev.parley.server.store.Database;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code parley admin}: manages members in the server's database. Works while the server runs: both
 * open the same SQLite file, and the server reads an account afresh at every login.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Manage member accounts (works while the server runs), back up and restore.",
        subcommands = {AdminCommand.Add.class, AdminCommand.Passwd.class, AdminCommand.Remove.class,
                AdminCommand.Lock.class, AdminCommand.Unlock.class, AdminCommand.ListAccounts.class,
                AdminCommand.Oper.class, AdminCommand.Cert.class, AdminCommand.Import.class,
                BackupCommand.class, RestoreCommand.class, BanAdminCommands.Ban.class, BanAdminCommands.Unban.class,
                BanAdminCommands.Bans.class, AuditAdminCommand.class})
public final class AdminCommand implements Runnable {
    /** Exit status when some records of an import file were bad (the good ones were imported). */
    static final int SOME_RECORDS_BAD = 3;
    static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The server's data folder (default ./parley-data).")
    Path dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "Take the data folder from this config file.")
    Path configFile;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    Path resolveDataDir() throws ConfigException {
        if (dataDir != null) {
            return dataDir;
        }
        if (configFile != null) {
            return new ConfigLoader().load(configFile).storage().dataDir();
        }
        return ParleyConfig.StorageSection.defaults().dataDir();
    }

    /** Runs {@code work} on the data folder; turns expected failures into one-line messages. */
    int withDataDir(FolderWork work) {
        Logging.quiet();
        PrintWriter err = spec.commandLine().getErr();
        Path dir;
        try {
            dir = resolveDataDir();
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        try {
            return work.run(dir, spec.commandLine().getOut(), err);
        } catch (AccountExistsException | BackupRefusedException | IllegalArgumentException | IOException e) {
            err.println("parley admin: " + e.getMessage());
            return 1;
        }
    }

    /** Runs {@code work} against the account store; turns expected failures into one-line messages. */
    int withStore(StoreWork work) {
        return withDataDir((dir, out, err) -> {
            try (Database db = Database.open(dir)) {
                return work.run(new SqliteAccountStore(db), out, err);
            }
        });
    }

    @FunctionalInterface
    interface FolderWork {
        int run(Path dataDir, PrintWriter out, PrintWriter err) throws IOException, BackupRefusedException;
    }

    @FunctionalInterface
    interface StoreWork {
        int run(AccountStore store, PrintWriter out, PrintWriter err) throws IOException;
    }

    /** Reads a new password: twice without echo at a terminal, or one line from standard input. */
    static String readNewPassword(boolean fromStdin, PrintWriter err) throws IOException {
        Console console = System.console();
        if (fromStdin || console == null) {
            if (!fromStdin) {
                throw new IOException("no terminal to ask for a password; use --password-stdin");
            }
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new IOException("no password on standard input");
            }
            return line;
        }
        char[] first = console.readPassword("New password: ");
        char[] again = console.readPassword("Again: ");
        try {
            if (first == null || first.length == 0) {
                throw new IOException("empty password");
            }
            if (!Arrays.equals(first, again)) {
                throw new IOException("the two passwords differ");
            }
            return new String(first);
        } finally {
            if (first != null) {
                Arrays.fill(first, '\0');
            }
            if (again != null) {
                Arrays.fill(again, '\0');
            }
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a member.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;
        @Parameters(paramLabel = "NAME", description = "Login name, e.g. the member number.")
        String name;
        @Option(names = "--display-name", required = true, paramLabel = "\"Real Name\"", description = "The member's real name.")
        String displayName;
        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Override
        public Integer call() {
            return admin.withStore((store, out, err) -> {
                String password = readNewPassword(passwordStdin, err);
                Account account = store.create(name, displayName, password);
                out.println("Added " + account.name() + " (" + account.displayName() + ")");
                return 0;
            });
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set a member's password.")
    static final class Passwd extends OnAccount {
        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Override
        public Integer call() {
            return admin.withStore((store, out, err) -> {
                if (store.find(name).isEmpty()) {
                    err.println("parley admin: no account " + name);
                    return 1;
                }
                store.setPassword(name, readNewPassword(passwordStdin, err));
                out.println("Password of " + name + " changed");
                return 0;
            });
        }
    }

    /** A subcommand about one named account. */
    abstract static class OnAccount implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a member.")
    static final class Remove extends OnAccount {
        @Override
        public Integer call() {
            return admin.withStore((store, out, err) -> report(store.remove(name), "Removed " + name, name, out, err));
        }
    }

    @Command(name = "lock", mixinStandardHelpOptions = true, description = "Stop a member from logging in.")
    static final class Lock extends OnAccount {
        @Override
        public Integer call() {
            return admin.withStore((store, out, err) -> report(store.setLocked(name, true), "Locked " + name, name, out, err));
        }
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true, description = "Let a locked member log in again.")
    static final class Unlock extends OnAccount {
        @Override
        public Integer call() {
            return admin.withStore((store, out, err) -> report(store.setLocked(name, false), "Unlocked " + name, name, out, err));
        }
    }

    @Command(name = "oper", mixinStandardHelpOptions = true,
            description = "Make a member a server operator (OPER with their own password), or not.")
    static final class Oper extends OnAccount {
        @Parameters(index = "1", paramLabel = "on|off")
        String onOff;

        @Override
        public Integer call() {
            return admin.withStore((store, out, err) -> {
                if (!onOff.equals("on") && !onOff.equals("off")) {
                    err.println("parley admin: say on or off, not " + onOff);
                    return 2;
                }
                boolean on = onOff.equals("on");
                return report(store.setOperator(name, on), (on ? "Operator: " : "No longer operator: ") + name, name, out, err);
            });
        }
    }

    @Command(name = "cert", mixinStandardHelpOptions = true,
            description = "List, add or remove the client certificates a member may log in with (SASL EXTERNAL).")
    static final class Cert extends OnAccount {
        @Option(names = "--add", paramLabel = "SHA256", description = "Add a certificate by its SHA-256 fingerprint.")
        String add;
        @Option(names = "--remove", paramLabel = "SHA256", description = "Remove a certificate.")
        String remove;

        @Override
        public Integer call() {
            return admin.withStore((store, out, err) -> {
                if (store.find(name).isEmpty()) {
                    err.println("parley admin: no account " + name);
                    return 1;
                }
                if (add != null) {
                    store.addCertFingerprint(name, add);
                    out.println("Certificate added for " + name);
                }
                if (remove != null && !store.removeCertFingerprint(name, remove)) {
                    err.println("parley admin: " + name + " has no such certificate");
                    return 1;
                }
                if (remove != null) {
                    out.println("Certificate removed from " + name);
                }
                for (String fingerprint : store.certFingerprints(name)) {
                    out.println(Fingerprint.tryParse(fingerprint).map(Fingerprint::toString).orElse(fingerprint));
                }
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the members.")
    static final class ListAccounts implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;

        @Override
        public Integer call() {
            return admin.withStore((store, out, err) -> {
                List<Account> accounts = store.list();
                int nameWidth = Math.max(4, accounts.stream().mapToInt(a -> a.name().length()).max().orElse(0));
                int displayWidth = Math.max(12, accounts.stream().mapToInt(a -> a.displayName().length()).max().orElse(0));
                String format = "%-" + nameWidth + "s  %-" + displayWidth + "s  %-16s  %-16s  %s%n";
                out.printf(format, "NAME", "DISPLAY NAME", "CREATED", "LAST LOGIN", "FLAGS");
                for (Account a : accounts) {
                    String flags = String.join(",", java.util.stream.Stream.of(
                            a.locked() ? "locked" : null, a.operator() ? "operator" : null,
                            a.legacyPassword() ? "legacy-hash" : null).filter(f -> f != null).toList());
                    out.printf(format, a.name(), a.displayName(), WHEN.format(a.createdAt()),
                            a.lastLoginAt().map(WHEN::format).orElse("never"), flags.isEmpty() ? "-" : flags);
                }
                out.println(accounts.size() + (accounts.size() == 1 ? " account" : " accounts"));
                return 0;
            });
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import a member file of the lab system (number, real name, SHA-256 of the password).")
    static final class Import implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;
        @Parameters(paramLabel = "FILE")
        Path file;
        @Option(names = "--dry-run", description = "Show what would be imported; change nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            return admin.withStore((store, out, err) -> {
                if (!Files.isReadable(file)) {
                    err.println("parley admin: cannot read " + file);
                    return 1;
                }
                SeedMemberFile.Result parsed = SeedMemberFile.parse(file);
                for (SeedMemberFile.Problem problem : parsed.problems()) {
                    err.println(file + ":" + problem.line() + ": " + problem.message());
                }
                ImportResult result = store.importLegacy(parsed.members(), dryRun);
                for (String existing : result.alreadyExisting()) {
                    out.println("skipped " + existing + ": an account of that name exists");
                }
                out.println((dryRun ? "Would add " : "Added ") + result.created() + ", skipped "
                        + result.alreadyExisting().size() + " existing, " + parsed.problems().size() + " bad record"
                        + (parsed.problems().size() == 1 ? "" : "s") + (dryRun ? " (dry run: nothing changed)" : ""));
                if (!dryRun && result.created() > 0) {
                    out.println("Each member's first login over TLS replaces the old SHA-256 hash with Argon2id.");
                }
                return parsed.hasProblems() ? SOME_RECORDS_BAD : 0;
            });
        }
    }

    private static int report(boolean found, String done, String name, PrintWriter out, PrintWriter err) {
        if (!found) {
            err.println("parley admin: no account " + name);
            return 1;
        }
        out.println(done);
        return 0;
    }
}
