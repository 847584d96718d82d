package dev.parley.app;

import dev.parley.server.config.ConfigException;
import dev.parley.server.store.Database;
import dev.parley.server.store.StoreException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Opens the data folder's database for a {@code parley admin} subcommand that needs more than
 * the account store (bans, the audit log), and turns its expected failures into one line.
 */
final class AdminDatabase {
    /** Exit status of a mistake in what was typed. */
    static final int USAGE = 2;

    private AdminDatabase() {
    }

    @FunctionalInterface
    interface Work {
        int run(Database db, PrintWriter out, PrintWriter err);
    }

    static int run(AdminCommand admin, Work work) {
        Logging.quiet();
        PrintWriter err = admin.spec.commandLine().getErr();
        Path dir;
        try {
            dir = admin.resolveDataDir();
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return USAGE;
        }
        try (Database db = Database.open(dir)) {
            return work.run(db, admin.spec.commandLine().getOut(), err);
        } catch (IllegalArgumentException e) {
            err.println("parley admin: " + e.getMessage());
            return USAGE;
        } catch (StoreException e) {
            err.println("parley admin: " + e.getMessage());
            return 1;
        }
    }

    /** Who the audit log and ban list name for what this command does: {@code admin:<login>}. */
    static String actor() {
        return "admin:" + System.getProperty("user.name", "unknown");
    }
}
