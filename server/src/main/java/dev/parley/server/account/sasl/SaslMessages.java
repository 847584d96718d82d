package dev.parley.server.account.sasl;

import dev.parley.server.account.AuthResult;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Helpers the mechanisms share for reading client messages and turning results into steps. */
final class SaslMessages {

    /** No legitimate client message of these mechanisms comes near this; bigger ones are refused unread. */
    static final int MAX_MESSAGE_BYTES = 4096;

    private SaslMessages() {
    }

    /** Strict UTF-8: an invalid sequence is a malformed message, not a replacement character. */
    static Optional<String> utf8(byte[] bytes) {
        if (bytes == null || bytes.length > MAX_MESSAGE_BYTES) {
            return Optional.empty();
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    static SaslStep toStep(AuthResult result) {
        if (result instanceof AuthResult.Success success) {
            return new SaslStep.Success(success.account());
        }
        return new SaslStep.Failure(((AuthResult.Failure) result).reason());
    }
}
