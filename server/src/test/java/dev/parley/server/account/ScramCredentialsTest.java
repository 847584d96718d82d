package dev.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ScramCredentialsTest {

    /** RFC 7677 section 3: user "user", password "pencil". */
    static final byte[] RFC_SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
    static final String RFC_AUTH_MESSAGE = "n=user,r=rOprNGfwEbeRWgbNEkqO,"
            + "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,"
            + "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    static final String RFC_PROOF = "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    static final String RFC_SERVER_SIGNATURE = "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    @Test
    void reproducesRfc7677() {
        ScramCredentials keys = ScramCredentials.derive("pencil", RFC_SALT, 4096);
        byte[] authMessage = RFC_AUTH_MESSAGE.getBytes(StandardCharsets.UTF_8);

        assertThat(keys.verifyClientProof(Base64.getDecoder().decode(RFC_PROOF), authMessage)).isTrue();
        assertThat(Base64.getEncoder().encodeToString(keys.serverSignature(authMessage)))
                .isEqualTo(RFC_SERVER_SIGNATURE);
    }

    @Test
    void aWrongPasswordOrTamperedProofFails() {
        byte[] authMessage = RFC_AUTH_MESSAGE.getBytes(StandardCharsets.UTF_8);
        byte[] proof = Base64.getDecoder().decode(RFC_PROOF);
        assertThat(ScramCredentials.derive("pencil!", RFC_SALT, 4096).verifyClientProof(proof, authMessage)).isFalse();
        ScramCredentials keys = ScramCredentials.derive("pencil", RFC_SALT, 4096);
        proof[0] ^= 1;
        assertThat(keys.verifyClientProof(proof, authMessage)).isFalse();
        assertThat(keys.verifyClientProof(new byte[5], authMessage)).isFalse();
    }

    @Test
    void generateUsesAFreshSixteenByteSalt() {
        SecureRandom random = new SecureRandom();
        ScramCredentials a = ScramCredentials.generate("pw", 4096, random);
        ScramCredentials b = ScramCredentials.generate("pw", 4096, random);
        assertThat(a.salt()).hasSize(16);
        assertThat(a).isNotEqualTo(b);
        assertThat(ScramCredentials.derive("pw", a.salt(), 4096)).isEqualTo(a);
        assertThat(a.toString()).doesNotContain(Base64.getEncoder().encodeToString(a.storedKey()));
    }

    @Test
    void passwordsArePreparedLikeSaslPrep() {
        assertThat(ScramCredentials.prepare("pencil")).isEqualTo("pencil");
        assertThat(ScramCredentials.prepare("I\u00ADX")).isEqualTo("IX");          // soft hyphen dropped
        assertThat(ScramCredentials.prepare("a\u00A0b")).isEqualTo("a b");         // no-break space
        assertThat(ScramCredentials.prepare("\u2168")).isEqualTo("IX");             // NFKC
        assertThat(ScramCredentials.derive("a\u00A0b", RFC_SALT, 1))
                .isEqualTo(ScramCredentials.derive("a b", RFC_SALT, 1));
    }
}
