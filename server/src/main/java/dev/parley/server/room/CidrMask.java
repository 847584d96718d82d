package dev.parley.server.room;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** The host part of a mask written as a network: {@code 192.0.2.0/24}, {@code 2001:db8::/32}. */
public record CidrMask(byte[] network, int prefixLength) {
    /** Only literal addresses: a name here must never turn into a DNS lookup on the event loop. */
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+/[0-9]{1,3}");

    public static Optional<CidrMask> parse(String host) {
        if (!LITERAL.matcher(host).matches() || host.indexOf(':') < 0 && host.chars().filter(c -> c == '.').count() != 3) {
            return Optional.empty();
        }
        int slash = host.indexOf('/');
        try {
            byte[] network = InetAddress.getByName(host.substring(0, slash)).getAddress();
            int length = Integer.parseInt(host.substring(slash + 1));
            if (length > network.length * 8) {
                return Optional.empty();
            }
            return Optional.of(new CidrMask(network, length));
        } catch (UnknownHostException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int whole = prefixLength / 8;
        for (int i = 0; i < whole; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (bytes[whole] & mask) == (network[whole] & mask);
    }
}
