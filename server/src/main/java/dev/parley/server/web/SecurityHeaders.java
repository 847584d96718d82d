package dev.parley.server.web;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.regex.Pattern;

/**
 * The headers every answer of the web listener carries, so that the browser holds the page to
 * what the server means it to do: scripts, styles and connections from this server only and
 * nothing inline (a message that got past escaping still cannot run), never framed by another
 * site, no guessing of content types, no referrer sent to links members post. HSTS only with a
 * certificate a browser trusts: on a self-signed one it would lock users out once the certificate
 * changed.
 */
final class SecurityHeaders {
    /** A Host header fit to name in a policy; anything else gets the policy without it. */
    private static final Pattern HOST =
            Pattern.compile("[A-Za-z0-9.-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");
    private static final String HSTS = "max-age=31536000";

    private SecurityHeaders() {
    }

    /**
     * @param host      the request's Host header (may be null)
     * @param tls       whether the page came over TLS (the socket is then wss:)
     * @param trustedCertificate whether the certificate is one browsers trust (not self-signed)
     */
    static void apply(HttpHeaders headers, String host, boolean tls, boolean trustedCertificate) {
        headers.set("Content-Security-Policy", contentSecurityPolicy(host, tls));
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        headers.set("Cross-Origin-Resource-Policy", "same-origin");
        if (tls && trustedCertificate) {
            headers.set("Strict-Transport-Security", HSTS);
        }
    }

    static String contentSecurityPolicy(String host, boolean tls) {
        // 'self' covers the page's own wss: origin in current browsers; the explicit source is for
        // those that read CSP level 2, where it does not.
        String socket = "";
        if (host != null && HOST.matcher(host).matches()) {
            // Without TLS of its own, a proxy in front may be doing TLS: the page then opens wss:.
            socket = tls ? " wss://" + host : " ws://" + host + " wss://" + host;
        }
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
                + "manifest-src 'self'; connect-src 'self'" + socket + "; "
                + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    }
}
