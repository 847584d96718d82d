package dev.parley.server.account.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.server.account.LoginThrottle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Jazzer over the SASL decoders: PLAIN's and SCRAM-SHA-256's message parsing, driven through the
 * real mechanisms over a real account store. Whatever a client sends, every step answers (never an
 * exception, never a hang), an exchange that ended stays ended, and nobody logs in without the
 * password.
 *
 * <p>An input is: one control byte, then the client's messages separated by 0xFF (a byte no UTF-8
 * text contains). The control byte picks the mechanism, whether the connection is TLS, and, for
 * SCRAM, whether the harness puts the right channel binding and nonce in front of the
 * client-final message, so that the fuzzer reaches the proof check instead of stopping at the
 * nonce it cannot guess.
 */
class SaslMechanismFuzzTest {
    private static final String ACCOUNT = "alice";
    private static final String PASSWORD = "correct horse battery";
    private static final String SERVER_NONCE = "srvnonce";
    private static final int MAX_MESSAGES = 4;
    /** The fuzzer may fail as often as it likes: a throttled login would stop the decoders being reached. */
    private static final LoginThrottle.Limits UNTHROTTLED = new LoginThrottle.Limits(Integer.MAX_VALUE,
            Integer.MAX_VALUE, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));

    private static Path dir;
    private static SaslTestSupport support;
    private static SaslMechanisms mechanisms;

    @BeforeAll
    static void openStore() throws IOException {
        dir = Files.createTempDirectory("parley-sasl-fuzz");
        support = new SaslTestSupport(dir, new SecureRandom(), 4096, UNTHROTTLED);
        support.store.create(ACCOUNT, "Alice", PASSWORD);
        mechanisms = new SaslMechanisms(support.authenticator, () -> SERVER_NONCE);
    }

    @AfterAll
    static void closeStore() throws IOException {
        support.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @FuzzTest(maxDuration = "10m")
    void everyStepAnswersAndNobodyGetsInWithoutThePassword(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        int control = input[0] & 0xFF;
        boolean scram = (control & 1) != 0;
        boolean tls = (control & 2) != 0;
        boolean fixUpClientFinal = (control & 4) != 0;
        List<byte[]> messages = split(input);

        SaslContext context = tls ? SaslTestSupport.tls() : SaslTestSupport.plainText();
        SaslMechanism mechanism = mechanisms.start(scram ? ScramSha256Mechanism.NAME : PlainMechanism.NAME, context)
                .orElseThrow();
        byte[] clientFirst = null;
        boolean over = false;
        for (int i = 0; i < messages.size(); i++) {
            byte[] message = messages.get(i);
            if (scram && i == 0) {
                clientFirst = message;
            }
            if (scram && i == 1 && fixUpClientFinal && clientFirst != null) {
                message = withBindingAndNonce(clientFirst, message);
            }
            SaslStep step = mechanism.step(message).get(30, TimeUnit.SECONDS);
            assertThat(step).isNotNull();
            if (over) {
                assertThat(step).as("a step after the exchange ended").isInstanceOf(SaslStep.Failure.class);
                continue;
            }
            if (step instanceof SaslStep.Success) {
                assertThat(scram).as("SCRAM cannot succeed without a proof made from the password").isFalse();
                assertThat(plainCredentials(message)).as("PLAIN logged in without the password")
                        .contains(PASSWORD);
            }
            over = !(step instanceof SaslStep.Challenge);
        }
    }

    private static List<byte[]> split(byte[] input) {
        List<byte[]> messages = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        for (int i = 1; i < input.length && messages.size() < MAX_MESSAGES; i++) {
            if (input[i] == (byte) 0xFF) {
                messages.add(current.toByteArray());
                current.reset();
            } else {
                current.write(input[i]);
            }
        }
        if (messages.size() < MAX_MESSAGES) {
            messages.add(current.toByteArray());
        }
        return messages;
    }

    /** {@code c=<gs2 header>,r=<client nonce + server nonce>,} as the server expects, then the fuzzer's bytes. */
    private static byte[] withBindingAndNonce(byte[] clientFirst, byte[] rest) {
        String first = new String(clientFirst, StandardCharsets.UTF_8);
        int headerEnd = first.indexOf(',', first.indexOf(',') + 1);
        int nonceAt = first.indexOf(",r=");
        if (headerEnd < 0 || nonceAt < 0) {
            return rest;
        }
        int nonceEnd = first.indexOf(',', nonceAt + 3);
        String clientNonce = first.substring(nonceAt + 3, nonceEnd < 0 ? first.length() : nonceEnd);
        String binding = Base64.getEncoder().encodeToString(
                first.substring(0, headerEnd + 1).getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            out.write(("c=" + binding + ",r=" + clientNonce + SERVER_NONCE + ",").getBytes(StandardCharsets.UTF_8));
            out.write(rest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The password field of a PLAIN message for the test account, if that is what it is. */
    private static Optional<String> plainCredentials(byte[] message) {
        String[] fields = new String(message, StandardCharsets.UTF_8).split("\0", -1);
        return fields.length == 3 && fields[1].equalsIgnoreCase(ACCOUNT) ? Optional.of(fields[2]) : Optional.empty();
    }
}
