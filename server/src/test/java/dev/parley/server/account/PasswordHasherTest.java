package dev.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    /** Small parameters: these tests are about format and logic, not cost. */
    static final PasswordHasher.Parameters FAST = new PasswordHasher.Parameters(64, 1, 1);

    private final PasswordHasher hasher = new PasswordHasher(FAST);

    @Test
    void defaultsAreOwaspsArgon2idMinimum() {
        assertThat(new PasswordHasher().parameters()).isEqualTo(new PasswordHasher.Parameters(19456, 2, 1));
    }

    @Test
    void hashesToAPhcStringThatVerifies() {
        String phc = hasher.hash("hello-everyone");
        assertThat(phc).matches("\\$argon2id\\$v=19\\$m=64,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(hasher.verify("hello-everyone", phc)).isTrue();
        assertThat(hasher.verify("hello-everyonE", phc)).isFalse();
        assertThat(hasher.verify("", phc)).isFalse();
        assertThat(hasher.verify(null, phc)).isFalse();
    }

    @Test
    void eachHashHasItsOwnSalt() {
        assertThat(hasher.hash("same")).isNotEqualTo(hasher.hash("same"));
    }

    /** The reference implementation's argon2id test vector (phc-winner-argon2, test.c). */
    @Test
    void verifiesTheReferenceImplementationsVector() {
        String reference = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        assertThat(hasher.verify("password", reference)).isTrue();
        assertThat(hasher.verify("passwore", reference)).isFalse();
    }

    @Test
    void verifyUsesTheStoredParametersNotItsOwn() {
        String phc = new PasswordHasher(new PasswordHasher.Parameters(128, 2, 2)).hash("pw");
        assertThat(phc).contains("m=128,t=2,p=2");
        assertThat(hasher.verify("pw", phc)).isTrue();
        assertThat(hasher.needsRehash(phc)).isTrue();
        assertThat(hasher.needsRehash(hasher.hash("pw"))).isFalse();
    }

    @Test
    void malformedStoredStringsNeverMatchAndNeedRehash() {
        String good = hasher.hash("pw");
        for (String bad : new String[] {
                null, "", "pw", "$argon2i$v=19$m=64,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                "$argon2id$v=16$m=64,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                "$argon2id$v=19$m=64,t=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                "$argon2id$v=19$m=64,t=1,p=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                "$argon2id$v=19$m=999999999,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                "$argon2id$v=19$m=64,t=x,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                "$argon2id$v=19$m=64,t=1,p=1$!!!$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$CTFh",
                good + "$extra"}) {
            assertThat(hasher.verify("pw", bad)).as(String.valueOf(bad)).isFalse();
            assertThat(hasher.needsRehash(bad)).as(String.valueOf(bad)).isTrue();
        }
    }

    @Test
    void dummyVerifyRunsWithoutAStoredHash() {
        hasher.verifyDummy("anything");
        hasher.verifyDummy(null);
    }

    @Test
    void refusesNonsenseParameters() {
        assertThatThrownBy(() -> new PasswordHasher.Parameters(4, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PasswordHasher.Parameters(64, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PasswordHasher.Parameters(64, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
