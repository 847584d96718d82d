package dev.parley.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvitesTest {
    private final Object room = new Object();

    @Test
    void anInviteExpiresAfterItsLifetime() {
        Invites invites = new Invites();
        invites.add("#r", room, true, 0);
        long lifetime = Invites.LIFETIME_MINUTES * 60_000L;
        assertThat(invites.find("#r", room, lifetime - 1)).isPresent();
        assertThat(invites.find("#r", room, lifetime)).isEmpty();
        assertThat(invites.rooms(lifetime)).isEmpty();
    }

    @Test
    void aMembersInviteDoesNotWeakenAnOperatorsAndAnotherRoomOfTheSameNameIsNotInvited() {
        Invites invites = new Invites();
        invites.add("#r", room, true, 0);
        invites.add("#r", room, false, 10);
        assertThat(invites.find("#r", room, 20)).hasValueSatisfying(i -> assertThat(i.fromOperator()).isTrue());
        assertThat(invites.find("#r", new Object(), 20)).isEmpty();
    }
}
