package dev.parley.server.testing;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;

/** This machine's addresses, for tests that must not look like loopback (which some rules exempt). */
public final class LocalAddresses {
    private LocalAddresses() {
    }

    /** An IPv4 address of an interface that is up and not loopback, or null when there is none. */
    public static InetAddress nonLoopbackIpv4() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return address;
                    }
                }
            }
        }
        return null;
    }
}
