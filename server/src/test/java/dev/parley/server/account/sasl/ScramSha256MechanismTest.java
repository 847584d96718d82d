package dev.parley.server.account.sasl;

import static dev.parley.server.account.sasl.SaslTestSupport.bytes;
import static dev.parley.server.account.sasl.SaslTestSupport.get;
import static dev.parley.server.account.sasl.SaslTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.account.AuthFailure;
import dev.parley.server.account.LegacySha256;
import dev.parley.server.account.ScramCredentials;
import dev.parley.server.account.SeedMember;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScramSha256MechanismTest {

    /** RFC 7677 section 3. */
    static final String RFC_SALT = "W22ZaJ0SNY7soEsUEjb6gQ==";
    static final String RFC_CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    static final String RFC_SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    static final String RFC_SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    static final String RFC_CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    static final String RFC_SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    @TempDir
    Path dir;
    SaslTestSupport support;

    @AfterEach
    void tearDown() throws Exception {
        if (support != null) {
            support.close();
        }
    }

    SaslMechanisms open() {
        support = new SaslTestSupport(dir);
        return new SaslMechanisms(support.authenticator, () -> "srvnonce");
    }

    SaslMechanism scram(SaslMechanisms mechanisms) {
        SaslMechanism mechanism = mechanisms.start("SCRAM-SHA-256", SaslTestSupport.tls()).orElseThrow();
        assertThat(mechanism.name()).isEqualTo("SCRAM-SHA-256");
        return mechanism;
    }

    /** The store's random gives new SCRAM salts; this one hands out RFC 7677's. */
    static SecureRandom rfcSaltRandom() {
        byte[] salt = Base64.getDecoder().decode(RFC_SALT);
        return new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                if (bytes.length == salt.length) {
                    System.arraycopy(salt, 0, bytes, 0, salt.length);
                } else {
                    super.nextBytes(bytes);
                }
            }
        };
    }

    @Test
    void reproducesTheRfc7677Exchange() throws Exception {
        support = new SaslTestSupport(dir, rfcSaltRandom(), 4096);
        support.store.create("user", "User", "pencil");
        SaslMechanism mechanism = new SaslMechanisms(support.authenticator, () -> RFC_SERVER_NONCE)
                .start("SCRAM-SHA-256", SaslTestSupport.plainText()).orElseThrow();

        SaslStep serverFirst = get(mechanism.step(bytes(RFC_CLIENT_FIRST)));
        assertThat(text(serverFirst)).isEqualTo(RFC_SERVER_FIRST);

        SaslStep serverFinal = get(mechanism.step(bytes(RFC_CLIENT_FINAL)));
        assertThat(text(serverFinal)).isEqualTo(RFC_SERVER_FINAL);

        assertThat(get(mechanism.step(new byte[0]))).isInstanceOfSatisfying(SaslStep.Success.class,
                s -> assertThat(s.account().name()).isEqualTo("user"));
        assertThat(support.store.recentAudit(1).get(0).outcome()).isEqualTo("SUCCESS");
        assertThat(support.store.find("user").orElseThrow().lastLoginAt()).isPresent();
    }

    @Test
    void aClientWithTheRightPasswordLogsInAndCanCheckTheServer() throws Exception {
        SaslMechanisms mechanisms = open();
        support.store.create("Alice", "Alice", "s3cret pass");

        ScramClient client = new ScramClient("alice", "s3cret pass", "n,,");
        SaslMechanism mechanism = scram(mechanisms);
        String serverFirst = text(get(mechanism.step(bytes(client.clientFirst()))));
        assertThat(serverFirst).startsWith("r=" + client.clientNonce + "srvnonce,s=").endsWith(",i=4096");

        String serverFinal = text(get(mechanism.step(bytes(client.clientFinal(serverFirst)))));
        assertThat(serverFinal).isEqualTo(client.expectedServerFinal());
        assertThat(get(mechanism.step(new byte[0]))).isInstanceOf(SaslStep.Success.class);
    }

    @Test
    void aWrongPasswordFailsAtTheProof() throws Exception {
        SaslMechanisms mechanisms = open();
        support.store.create("alice", "Alice", "right");
        assertThat(exchange(mechanisms, new ScramClient("alice", "wrong", "n,,")))
                .isEqualTo(new SaslStep.Failure(AuthFailure.BAD_CREDENTIALS, Optional.of("invalid-proof")));
        assertThat(support.store.recentAudit(1).get(0).outcome()).isEqualTo("BAD_CREDENTIALS");
    }

    @Test
    void unknownAndLegacyOnlyAccountsGetAStableFakeSaltAndFailLikeAWrongPassword() throws Exception {
        SaslMechanisms mechanisms = open();
        support.store.importLegacy(List.of(new SeedMember("19803001", "Aakash Agrawal",
                LegacySha256.hash("blue-river-17"), 1)), false);

        String first = text(get(scram(mechanisms).step(bytes("n,,n=ghost,r=abc"))));
        String second = text(get(scram(mechanisms).step(bytes("n,,n=GHOST,r=abc"))));
        assertThat(first).isEqualTo(second).matches("r=abcsrvnonce,s=[A-Za-z0-9+/]{22}==,i=4096");

        assertThat(exchange(mechanisms, new ScramClient("ghost", "anything", "n,,")))
                .isEqualTo(new SaslStep.Failure(AuthFailure.BAD_CREDENTIALS, Optional.of("invalid-proof")));
        assertThat(exchange(mechanisms, new ScramClient("19803001", "blue-river-17", "n,,")))
                .isEqualTo(new SaslStep.Failure(AuthFailure.BAD_CREDENTIALS, Optional.of("invalid-proof")));
    }

    @Test
    void acceptsTheYFlagAndAMatchingAuthzid() throws Exception {
        SaslMechanisms mechanisms = open();
        support.store.create("alice", "Alice", "pw");
        assertThat(exchange(mechanisms, new ScramClient("alice", "pw", "y,,"))).isInstanceOf(SaslStep.Success.class);
        assertThat(exchange(mechanisms, new ScramClient("alice", "pw", "n,a=ALICE,"))).isInstanceOf(SaslStep.Success.class);
    }

    @Test
    void refusesAnAuthzidForSomeoneElse() throws Exception {
        SaslMechanisms mechanisms = open();
        support.store.create("alice", "Alice", "pw");
        assertThat(get(scram(mechanisms).step(bytes("n,a=bob,n=alice,r=abc"))))
                .isEqualTo(new SaslStep.Failure(AuthFailure.NOT_AUTHORIZED, Optional.of("other-error")));
    }

    @Test
    void refusesALockedAccountAfterTheProof() throws Exception {
        SaslMechanisms mechanisms = open();
        support.store.create("alice", "Alice", "pw");
        support.store.setLocked("alice", true);
        assertThat(exchange(mechanisms, new ScramClient("alice", "pw", "n,,")))
                .isEqualTo(new SaslStep.Failure(AuthFailure.LOCKED, Optional.of("other-error")));
    }

    @Test
    void isThrottledAfterRepeatedBadProofs() throws Exception {
        SaslMechanisms mechanisms = open();
        support.store.create("alice", "Alice", "pw");
        for (int i = 0; i < 5; i++) {
            exchange(mechanisms, new ScramClient("alice", "bad" + i, "n,,"));
        }
        assertThat(get(scram(mechanisms).step(bytes("n,,n=alice,r=abc"))))
                .isEqualTo(new SaslStep.Failure(AuthFailure.THROTTLED, Optional.of("other-error")));
    }

    @Test
    void refusesMalformedClientFirstMessages() throws Exception {
        SaslMechanisms mechanisms = open();
        String[][] cases = {
                {"p=tls-unique,,n=alice,r=abc", "channel-binding-not-supported"},
                {"x,,n=alice,r=abc", "other-error"},
                {"n,,m=ext,n=alice,r=abc", "extensions-not-supported"},
                {"n,,n=al=2Xice,r=abc", "invalid-username-encoding"},
                {"n,,n=,r=abc", "invalid-username-encoding"},
                {"n,,r=abc", "other-error"},
                {"n,,n=alice", "other-error"},
                {"n,,n=alice,r=", "other-error"},
                {"n,,n=alice,x=abc", "other-error"},
                {"n,", "other-error"},
                {"", "other-error"},
        };
        for (String[] c : cases) {
            assertThat(get(scram(mechanisms).step(bytes(c[0])))).as(c[0])
                    .isEqualTo(new SaslStep.Failure(AuthFailure.MALFORMED, Optional.of(c[1])));
        }
        assertThat(get(scram(mechanisms).step(new byte[] {'n', ',', ',', (byte) 0xFF})))
                .isEqualTo(new SaslStep.Failure(AuthFailure.MALFORMED, Optional.of("invalid-encoding")));
    }

    @Test
    void decodesEscapedNames() throws Exception {
        SaslMechanisms mechanisms = open();
        // "a=b" is no valid account name, so it gets a fake salt, but it must parse.
        assertThat(get(scram(mechanisms).step(bytes("n,,n=a=3Db=2Cc,r=abc")))).isInstanceOf(SaslStep.Challenge.class);
        assertThat(support.store.recentAudit(1)).isEmpty();
    }

    @Test
    void refusesMalformedClientFinalMessages() throws Exception {
        SaslMechanisms mechanisms = open();
        support.store.create("alice", "Alice", "pw");
        String goodProof = ",p=" + Base64.getEncoder().encodeToString(new byte[32]);
        String[][] cases = {
                {"c=eSws,r=abcsrvnonce" + goodProof, "channel-bindings-dont-match"},
                {"r=abcsrvnonce,c=biws" + goodProof, "channel-bindings-dont-match"},
                {"c=biws,r=abcOTHER" + goodProof, "other-error"},
                {"c=biws,r=abcsrvnonce", "other-error"},
                {"c=biws,r=abcsrvnonce,p=!!notbase64", "invalid-encoding"},
        };
        for (String[] c : cases) {
            SaslMechanism mechanism = scram(mechanisms);
            assertThat(get(mechanism.step(bytes("n,,n=alice,r=abc")))).isInstanceOf(SaslStep.Challenge.class);
            assertThat(get(mechanism.step(bytes(c[0])))).as(c[0])
                    .isEqualTo(new SaslStep.Failure(AuthFailure.MALFORMED, Optional.of(c[1])));
            // And the exchange is over.
            assertThat(get(mechanism.step(new byte[0]))).isEqualTo(new SaslStep.Failure(AuthFailure.MALFORMED));
        }
    }

    @Test
    void theLastMessageMustBeEmpty() throws Exception {
        SaslMechanisms mechanisms = open();
        support.store.create("alice", "Alice", "pw");
        ScramClient client = new ScramClient("alice", "pw", "n,,");
        SaslMechanism mechanism = scram(mechanisms);
        String serverFirst = text(get(mechanism.step(bytes(client.clientFirst()))));
        get(mechanism.step(bytes(client.clientFinal(serverFirst))));
        assertThat(get(mechanism.step(bytes("more")))).isEqualTo(new SaslStep.Failure(AuthFailure.MALFORMED));
    }

    private SaslStep exchange(SaslMechanisms mechanisms, ScramClient client) throws Exception {
        SaslMechanism mechanism = scram(mechanisms);
        SaslStep first = get(mechanism.step(bytes(client.clientFirst())));
        if (!(first instanceof SaslStep.Challenge)) {
            return first;
        }
        SaslStep last = get(mechanism.step(bytes(client.clientFinal(text(first)))));
        if (!(last instanceof SaslStep.Challenge)) {
            return last;
        }
        assertThat(text(last)).isEqualTo(client.expectedServerFinal());
        return get(mechanism.step(new byte[0]));
    }

    /** The client side, written from RFC 5802 section 3, to drive the server with random salts. */
    static final class ScramClient {
        final String name;
        final String password;
        final String gs2Header;
        final String clientNonce = "cn" + Long.toHexString(new SecureRandom().nextLong());
        private byte[] saltedPassword;
        private String authMessage;

        ScramClient(String name, String password, String gs2Header) {
            this.name = name;
            this.password = password;
            this.gs2Header = gs2Header;
        }

        String clientFirstBare() {
            return "n=" + name + ",r=" + clientNonce;
        }

        String clientFirst() {
            return gs2Header + clientFirstBare();
        }

        String clientFinal(String serverFirst) {
            String[] parts = serverFirst.split(",");
            String nonce = parts[0].substring(2);
            byte[] salt = Base64.getDecoder().decode(parts[1].substring(2));
            int iterations = Integer.parseInt(parts[2].substring(2));
            saltedPassword = ScramCredentials.saltedPassword(password, salt, iterations);
            String withoutProof = "c=" + Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8))
                    + ",r=" + nonce;
            authMessage = clientFirstBare() + "," + serverFirst + "," + withoutProof;
            byte[] clientKey = ScramCredentials.hmac(saltedPassword, bytes("Client Key"));
            byte[] signature = ScramCredentials.hmac(ScramCredentials.sha256(clientKey), bytes(authMessage));
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ signature[i]);
            }
            return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
        }

        String expectedServerFinal() {
            byte[] serverKey = ScramCredentials.hmac(saltedPassword, bytes("Server Key"));
            return "v=" + Base64.getEncoder().encodeToString(ScramCredentials.hmac(serverKey, bytes(authMessage)));
        }
    }
}
