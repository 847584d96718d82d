package dev.parley.client.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScramSha256MechanismTest {
    // RFC 7677, section 3.
    private static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private final ScramSha256Mechanism scram = new ScramSha256Mechanism("user", "pencil", "rOprNGfwEbeRWgbNEkqO");

    @Test
    void followsTheRfc7677Example() throws SaslFailure {
        assertThat(text(scram.respond(new byte[0]))).isEqualTo(CLIENT_FIRST);
        assertThat(text(scram.respond(bytes(SERVER_FIRST)))).isEqualTo(CLIENT_FINAL);
        assertThat(scram.serverVerified()).isFalse();
        assertThat(scram.respond(bytes(SERVER_FINAL))).isEmpty();
        assertThat(scram.serverVerified()).isTrue();
    }

    @Test
    void refusesAServerWhoseSignatureIsWrong() throws SaslFailure {
        scram.respond(new byte[0]);
        scram.respond(bytes(SERVER_FIRST));
        assertThatThrownBy(() -> scram.respond(bytes("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")))
                .isInstanceOf(SaslFailure.class)
                .hasMessageContaining("signature is wrong")
                .matches(e -> !((SaslFailure) e).rejectedByServer());
        assertThat(scram.serverVerified()).isFalse();
    }

    @Test
    void refusesANonceThatDoesNotExtendTheClients() throws SaslFailure {
        scram.respond(new byte[0]);
        assertThatThrownBy(() -> scram.respond(bytes("r=someoneElsesNonce,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")))
                .isInstanceOf(SaslFailure.class).hasMessageContaining("nonce");
        ScramSha256Mechanism other = new ScramSha256Mechanism("user", "pencil", "abc");
        other.respond(new byte[0]);
        assertThatThrownBy(() -> other.respond(bytes("r=abc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")))
                .isInstanceOf(SaslFailure.class).hasMessageContaining("nonce");
    }

    @Test
    void refusesTooFewIterationsAndMandatoryExtensions() throws SaslFailure {
        scram.respond(new byte[0]);
        assertThatThrownBy(() -> scram.respond(bytes(SERVER_FIRST.replace("i=4096", "i=1"))))
                .isInstanceOf(SaslFailure.class).hasMessageContaining("iterations");
        ScramSha256Mechanism other = new ScramSha256Mechanism("user", "pencil", "rOprNGfwEbeRWgbNEkqO");
        other.respond(new byte[0]);
        assertThatThrownBy(() -> other.respond(bytes("m=ext," + SERVER_FIRST)))
                .isInstanceOf(SaslFailure.class).hasMessageContaining("extension");
    }

    @Test
    void reportsAServerErrorAsTheServersRejection() throws SaslFailure {
        scram.respond(new byte[0]);
        scram.respond(bytes(SERVER_FIRST));
        assertThatThrownBy(() -> scram.respond(bytes("e=invalid-proof")))
                .isInstanceOf(SaslFailure.class)
                .matches(e -> ((SaslFailure) e).rejectedByServer());
    }

    @Test
    void escapesCommasAndEqualsInTheUserName() throws SaslFailure {
        ScramSha256Mechanism odd = new ScramSha256Mechanism("a=b,c", "pw", "nonce");
        assertThat(text(odd.respond(new byte[0]))).isEqualTo("n,,n=a=3Db=2Cc,r=nonce");
    }

    @Test
    void freshNoncesDiffer() throws SaslFailure {
        String first = text(new ScramSha256Mechanism("user", "pencil").respond(new byte[0]));
        String second = text(new ScramSha256Mechanism("user", "pencil").respond(new byte[0]));
        assertThat(first).startsWith("n,,n=user,r=").isNotEqualTo(second);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
