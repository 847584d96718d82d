package dev.parley.server.limits;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The unit that per-address limits count: an IPv4 address as it is, an IPv6 address by its /64,
 * since one machine usually has a whole /64 to pick addresses from and would otherwise get a
 * fresh allowance with each.
 */
public final class AddressGroup {
    private AddressGroup() {
    }

    /** {@code address} itself (IPv4), or its /64 network with the interface bits zero (IPv6). */
    public static InetAddress of(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] bytes = Arrays.copyOf(address.getAddress(), 16);
        Arrays.fill(bytes, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an IPv6 address", e);
        }
    }
}
