package dev.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    /** The number of the newest migration (db/migration/sqlite/V<n>__*.sql). */
    private static final String SCHEMA_VERSION = "7";


    @TempDir
    Path dir;

    @Test
    void createsTheFileMigratesAndSetsPragmas() {
        try (Database db = Database.open(dir.resolve("data"))) {
            assertThat(db.file()).isEqualTo(dir.resolve("data/parley.db").toAbsolutePath());
            assertThat(Files.exists(db.file())).isTrue();
            assertThat(q(db, "PRAGMA journal_mode")).isEqualTo("wal");
            assertThat(q(db, "PRAGMA foreign_keys")).isEqualTo("1");
            assertThat(q(db, "PRAGMA busy_timeout")).isEqualTo("10000");
            assertThat(q(db,
                    "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)"))
                    .contains("accounts", "account_certificates", "login_audit", "server_secrets", "flyway_schema_history",
                            "history", "history_targets");
            assertThat(q(db, "SELECT max(version) FROM flyway_schema_history WHERE success = 1")).isEqualTo(SCHEMA_VERSION);
        }
    }

    @Test
    void theDataDirectoryAndFileAreOnlyForTheOwner() throws Exception {
        try (Database db = Database.open(dir.resolve("data"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data"))))
                    .isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db.file())))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void reopeningKeepsDataAndDoesNotMigrateAgain() {
        try (Database db = Database.open(dir)) {
            db.write(c -> exec(c, "INSERT INTO server_secrets (name, value) VALUES ('x', x'01')"));
        }
        try (Database db = Database.open(dir)) {
            assertThat(q(db, "SELECT count(*) FROM server_secrets")).isEqualTo("1");
            assertThat(q(db, "SELECT count(*) FROM flyway_schema_history")).isEqualTo(SCHEMA_VERSION);
        }
    }

    @Test
    void aFailedWriteIsRolledBack() {
        try (Database db = Database.open(dir)) {
            assertThatThrownBy(() -> db.write(c -> {
                exec(c, "INSERT INTO server_secrets (name, value) VALUES ('x', x'01')");
                throw new IllegalStateException("boom");
            })).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> db.write(c -> {
                exec(c, "INSERT INTO server_secrets (name, value) VALUES ('y', x'01')");
                return exec(c, "INSERT INTO no_such_table VALUES (1)");
            })).isInstanceOf(StoreException.class);
            assertThat(q(db, "SELECT count(*) FROM server_secrets")).isEqualTo("0");
            // The connection is still usable afterwards.
            db.write(c -> exec(c, "INSERT INTO server_secrets (name, value) VALUES ('z', x'01')"));
            assertThat(q(db, "SELECT count(*) FROM server_secrets")).isEqualTo("1");
        }
    }

    @Test
    void aWriteInsideAWriteJoinsItAndReadsInsideSeeUncommittedRows() {
        try (Database db = Database.open(dir)) {
            assertThatThrownBy(() -> db.write(c -> {
                db.write(inner -> exec(inner, "INSERT INTO server_secrets (name, value) VALUES ('x', x'01')"));
                assertThat(q(db, "SELECT count(*) FROM server_secrets")).isEqualTo("1");
                throw new IllegalStateException("undo both");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(q(db, "SELECT count(*) FROM server_secrets")).isEqualTo("0");
        }
    }

    @Test
    void foreignKeysAreEnforced() {
        try (Database db = Database.open(dir)) {
            assertThatThrownBy(() -> db.write(c -> exec(c,
                    "INSERT INTO account_certificates (fingerprint, account_id, added_at) VALUES ('"
                            + "a".repeat(64) + "', 42, 0)")))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("FOREIGN KEY");
        }
    }

    /** Two Database instances on one file stand in for the server and `parley admin` in two processes. */
    @Test
    void twoOpenersOfOneFileCanBothWriteWithoutBusyErrors() throws Exception {
        try (Database server = Database.open(dir); Database admin = Database.open(dir, Duration.ofSeconds(30))) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (Database db : List.of(server, admin)) {
                    String prefix = db == server ? "s" : "a";
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < 50; i++) {
                            int n = i;
                            db.write(c -> exec(c, "INSERT INTO server_secrets (name, value) VALUES ('"
                                    + prefix + n + "', x'01')"));
                            q(db, "SELECT count(*) FROM server_secrets");
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(q(server, "SELECT count(*) FROM server_secrets")).isEqualTo("100");
            assertThat(q(admin, "SELECT count(*) FROM server_secrets")).isEqualTo("100");
        }
    }

    @Test
    void twoOpenersOfANewDirectoryBothGetTheSchema() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Database> a = pool.submit(() -> Database.open(dir.resolve("fresh")));
            Future<Database> b = pool.submit(() -> Database.open(dir.resolve("fresh")));
            try (Database first = a.get(); Database second = b.get()) {
                assertThat(q(first, "SELECT count(*) FROM flyway_schema_history")).isEqualTo(SCHEMA_VERSION);
                assertThat(q(second, "SELECT count(*) FROM accounts")).isEqualTo("0");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClosedDatabaseRefusesWork() {
        Database db = Database.open(dir);
        db.close();
        db.close();
        assertThatThrownBy(() -> db.read(c -> 1)).isInstanceOf(IllegalStateException.class);
    }

    private static String q(Database db, String sql) {
        return db.<String>read(c -> queryString(c, sql));
    }

    private static int exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    private static String queryString(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }
}
