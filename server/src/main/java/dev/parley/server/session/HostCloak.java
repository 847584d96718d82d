package dev.parley.server.session;

import dev.parley.server.limits.AddressGroup;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The host other users see instead of a client's address: a keyed hash of the address (IPv6: of
 * its /64, so that a machine picking new addresses in its network keeps its cloak and its bans),
 * such as {@code 3f9a1c2e.7b40d915.ip}. Without the key (kept in the database, in the data
 * folder) the address cannot be recovered from it nor guessed by hashing candidates. Loopback
 * keeps its address: it reveals nothing, and local tools read better with it.
 */
public final class HostCloak implements Function<InetAddress, String> {
    private final SecretKeySpec key;

    public HostCloak(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the cloak key must have at least 16 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    @Override
    public String apply(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return Session.hostOf(address);
        }
        byte[] digest;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            digest = mac.doFinal(AddressGroup.of(address).getAddress());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is missing from this JVM", e);
        }
        String hex = HexFormat.of().formatHex(digest, 0, 8);
        return hex.substring(0, 8) + "." + hex.substring(8) + ".ip";
    }
}
