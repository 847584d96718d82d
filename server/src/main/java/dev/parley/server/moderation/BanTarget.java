package dev.parley.server.moderation;

import dev.parley.protocol.CaseMapping;
import dev.parley.server.account.AccountName;
import dev.parley.server.room.CidrMask;
import dev.parley.server.room.HostmaskMatcher;
import io.netty.util.NetUtil;
import java.util.Optional;

/**
 * Whom a server ban is against, normalised so that one person's ban is one row: an account name
 * casefolded, a mask completed ({@code bob} → {@code bob!*@*}) and casefolded, an address in its
 * canonical form and a network with its host bits cleared ({@code 192.0.2.7/24} →
 * {@code 192.0.2.0/24}). Bad input is an {@link IllegalArgumentException} whose message a user
 * can read.
 */
public record BanTarget(BanKind kind, String text) {

    /** Any kind, told apart by its shape: {@code $a:name}, an address or network, or a mask. */
    public static BanTarget parse(String given) {
        return looksLikeAddress(given) ? address(given) : user(given);
    }

    /** A KLINE's target: {@code $a:account} or a {@code nick!user@host} mask. */
    public static BanTarget user(String given) {
        if (given.startsWith(HostmaskMatcher.ACCOUNT_EXTBAN)) {
            String name = given.substring(HostmaskMatcher.ACCOUNT_EXTBAN.length());
            if (!AccountName.isValid(name)) {
                throw new IllegalArgumentException("not an account name: " + name);
            }
            return new BanTarget(BanKind.ACCOUNT, AccountName.casefold(name));
        }
        if (given.isEmpty() || given.startsWith("$") || given.chars().anyMatch(c -> c <= ' ' || c == ',')) {
            throw new IllegalArgumentException("not a nick!user@host mask or $a:account: " + given);
        }
        String mask = HostmaskMatcher.normalize(given);
        if (mask.chars().allMatch(c -> c == '*' || c == '?' || c == '!' || c == '@')) {
            throw new IllegalArgumentException("the mask " + mask + " would match everyone");
        }
        return new BanTarget(BanKind.MASK, CaseMapping.RFC1459.fold(mask));
    }

    /** A DLINE's target: an IPv4 or IPv6 address, or a network in CIDR form. */
    public static BanTarget address(String given) {
        int slash = given.indexOf('/');
        String literal = slash < 0 ? given : given.substring(0, slash);
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(literal);
        if (bytes == null) {
            throw new IllegalArgumentException("not an IP address or network: " + given);
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(given.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 1 || prefix > bits) {
                throw new IllegalArgumentException("the network length of " + given + " must be 1 to " + bits);
            }
        }
        for (int bit = prefix; bit < bits; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        String address = NetUtil.bytesToIpAddress(bytes);
        return new BanTarget(BanKind.ADDRESS, prefix == bits ? address : address + "/" + prefix);
    }

    /** How it is written on IRC and in listings: {@code $a:name}, the mask, or the address. */
    public String shown() {
        return kind == BanKind.ACCOUNT ? HostmaskMatcher.ACCOUNT_EXTBAN + text : text;
    }

    /** An address ban as a network (a single address is a network of one). */
    Optional<CidrMask> network() {
        if (kind != BanKind.ADDRESS) {
            return Optional.empty();
        }
        return CidrMask.parse(text.indexOf('/') >= 0 ? text
                : text + "/" + (text.indexOf(':') >= 0 ? 128 : 32));
    }

    private static boolean looksLikeAddress(String given) {
        int slash = given.indexOf('/');
        String literal = slash < 0 ? given : given.substring(0, slash);
        return NetUtil.isValidIpV4Address(literal) || NetUtil.isValidIpV6Address(literal);
    }
}
