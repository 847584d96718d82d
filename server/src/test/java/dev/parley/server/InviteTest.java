package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IrcMessage;
import dev.parley.server.session.Invites;
import dev.parley.server.testing.IrcTestClient;
import dev.parley.server.testing.TestServers;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * INVITE as InspIRCd and Ergo have it: a room operator's invite lets its holder past a ban, +i
 * and +l, once; a member's invite (allowed where the room is not +i) is only news; an invite
 * ends with the room it was for, and a client holds a bounded number.
 */
class InviteTest {
    @TempDir
    static Path dataDir;
    static ParleyServer server;
    static InetSocketAddress address;

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start(TestServers.plaintext(dataDir));
        address = server.boundAddresses().get(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static IrcTestClient client(String nick) throws Exception {
        return IrcTestClient.register(address, nick);
    }

    private static String joinAnswer(IrcTestClient client, String room) throws Exception {
        return client.ask("JOIN " + room).stream().map(IrcMessage::command)
                .filter(c -> c.equals("JOIN") || c.startsWith("47")).findFirst().orElseThrow();
    }

    @Test
    void aMembersInviteDoesNotLiftABanButAnOperatorsDoesOnce() throws Exception {
        try (IrcTestClient op = client("banop"); IrcTestClient member = client("banmember");
             IrcTestClient banned = client("banned")) {
            op.ask("JOIN #guarded");
            op.ask("MODE #guarded +b banned!*@*");
            member.ask("JOIN #guarded");

            assertThat(member.ask("INVITE banned #guarded")).extracting(IrcMessage::command).containsExactly("341");
            assertThat(banned.await("INVITE").params()).containsExactly("banned", "#guarded");
            assertThat(joinAnswer(banned, "#guarded")).isEqualTo("474");

            op.ask("INVITE banned #guarded");
            assertThat(joinAnswer(banned, "#guarded")).isEqualTo("JOIN");
            op.ask("KICK #guarded banned");
            assertThat(joinAnswer(banned, "#guarded")).isEqualTo("474"); // used up
        }
    }

    @Test
    void aMembersInviteDoesNotLiftTheMemberLimit() throws Exception {
        try (IrcTestClient op = client("limop"); IrcTestClient member = client("limmember");
             IrcTestClient late = client("late")) {
            op.ask("JOIN #small");
            member.ask("JOIN #small");
            op.ask("MODE #small +l 2");
            member.ask("INVITE late #small");
            assertThat(joinAnswer(late, "#small")).isEqualTo("471");
            op.ask("INVITE late #small");
            assertThat(joinAnswer(late, "#small")).isEqualTo("JOIN");
        }
    }

    @Test
    void anInviteEndsWithTheRoomItWasFor() throws Exception {
        try (IrcTestClient op = client("tempop"); IrcTestClient guest = client("tempguest")) {
            op.ask("JOIN #temp");
            op.ask("INVITE tempguest #temp");
            op.ask("PART #temp"); // the room closes
            op.ask("JOIN #temp"); // and opens again: another room
            op.ask("MODE #temp +b tempguest!*@*");
            assertThat(joinAnswer(guest, "#temp")).isEqualTo("474");
        }
    }

    @Test
    void aClientHoldsABoundedNumberOfInvites() throws Exception {
        try (IrcTestClient op = client("manyop"); IrcTestClient target = client("popular")) {
            for (int i = 0; i < Invites.MAX + 4; i++) {
                op.ask("JOIN #many" + i);
                op.ask("INVITE popular #many" + i);
            }
            assertThat(target.ask("INVITE")).filteredOn(m -> m.command().equals("336")).hasSize(Invites.MAX)
                    .first().satisfies(m -> assertThat(m.last()).isEqualTo("#many4"));
        }
    }
}
