package dev.parley.server.web;

import java.util.List;
import java.util.Locale;

/**
 * Which pages may open the WebSocket. A browser sends the page's origin with the upgrade, and
 * every site's page can try to connect: without this check, any site a member visits could talk
 * IRC in their name with whatever the browser holds. The server's own pages may; so may the
 * configured origins; a client that sends no Origin is not a browser page, and no browser
 * credential goes with it, so it may too (as over TCP).
 */
final class OriginPolicy {
    private OriginPolicy() {
    }

    /**
     * @param origin  the Origin header, or null when there is none
     * @param host    the Host header the page was served under, or null
     * @param tls     whether this listener is TLS (the page's scheme is then https only)
     * @param allowed the configured origins, besides the server's own
     */
    static boolean allows(String origin, String host, boolean tls, List<String> allowed) {
        if (origin == null) {
            return true;
        }
        String asked = normalize(origin);
        // Without TLS of its own the listener is either reached directly (http:) or behind a
        // proxy that does TLS (https:): the page may have come either way.
        if (host != null && (asked.equals(normalize("https://" + host))
                || (!tls && asked.equals(normalize("http://" + host))))) {
            return true;
        }
        for (String other : allowed) {
            if (asked.equals(normalize(other))) {
                return true;
            }
        }
        return false;
    }

    /** Lower case, without a trailing slash and without the scheme's own port. */
    private static String normalize(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        if (o.endsWith("/")) {
            o = o.substring(0, o.length() - 1);
        }
        if (o.startsWith("https://") && o.endsWith(":443")) {
            o = o.substring(0, o.length() - 4);
        } else if (o.startsWith("http://") && o.endsWith(":80")) {
            o = o.substring(0, o.length() - 3);
        }
        return o;
    }
}
