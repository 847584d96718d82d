package dev.parley.server.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.CaseMapping;
import dev.parley.server.room.HostmaskMatcher;
import dev.parley.server.room.MaskSubject;
import dev.parley.server.store.Database;
import dev.parley.server.testing.MutableClock;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bans held in memory against a real database: what each kind matches, expiry, and news of new bans. */
class ServerBansTest {
    @TempDir
    Path dataDir;
    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

    private static OperatorAction action(String what, BanTarget target) {
        return new OperatorAction(Instant.now(), "tester", "local", what, target.shown(), "");
    }

    private ServerBan ban(String target, Duration lasting) {
        Instant now = clock.instant();
        return new ServerBan(BanTarget.parse(target), "because", "tester", now,
                lasting == null ? null : now.plus(lasting));
    }

    @Test
    void eachKindMatchesWhatItNamesAndExpiredBansStopHoldingAndAreDeleted() throws Exception {
        try (Database db = Database.open(dataDir);
             ServerBans bans = ServerBans.open(db, new HostmaskMatcher(CaseMapping.RFC1459), clock)) {
            List<ServerBan> appeared = new CopyOnWriteArrayList<>();
            bans.whenBansAppear(appeared::addAll);
            bans.add(ban("$a:Member", null), action("KLINE", BanTarget.parse("$a:Member"))).get();
            bans.add(ban("Bob", Duration.ofHours(1)), action("KLINE", BanTarget.parse("bob"))).get();
            bans.add(ban("2001:db8::7/32", null), action("DLINE", BanTarget.parse("2001:db8::/32"))).get();
            assertThat(appeared).extracting(b -> b.target().shown())
                    .containsExactly("$a:member", "bob!*@*", "2001:db8::/32");

            InetAddress v4 = InetAddress.getByName("192.0.2.1");
            assertThat(bans.matches(new MaskSubject("x!u@h", "x!u@192.0.2.1", v4, "MEMBER"))).isPresent();
            assertThat(bans.matches(new MaskSubject("x!u@h", "x!u@192.0.2.1", v4, "other"))).isEmpty();
            assertThat(bans.matches(new MaskSubject("BOB!u@h", "BOB!u@192.0.2.1", v4, null))).isPresent();
            assertThat(bans.address(InetAddress.getByName("2001:db8:ffff::1"))).isPresent();
            assertThat(bans.address(InetAddress.getByName("2001:db9::1"))).isEmpty();
            assertThat(bans.address(v4)).isEmpty();

            clock.advance(Duration.ofHours(2));
            assertThat(bans.matches(new MaskSubject("bob!u@h", "bob!u@192.0.2.1", v4, null))).isEmpty();
            bans.refresh();
            assertThat(new BanStore(db).all()).extracting(b -> b.target().shown())
                    .containsExactly("$a:member", "2001:db8::/32");

            assertThat(bans.remove(BanTarget.parse("$a:member"), action("UNKLINE", BanTarget.parse("$a:member")))
                    .get()).isTrue();
            assertThat(bans.matches(new MaskSubject("x!u@h", "x!u@192.0.2.1", v4, "member"))).isEmpty();
            assertThat(new ArrayList<>(appeared)).hasSize(3);
        }
    }
}
