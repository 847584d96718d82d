package dev.parley.server.testing;

import dev.parley.server.net.tls.PinningTrustManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * One HTTP/1.1 request over a real socket (TLS with a pinned certificate, or plain), written as
 * it is given: tests send paths no HTTP library would (traversal attempts), and read exactly what
 * came back, headers included.
 */
public final class HttpTestClient {
    /** An answer; header names in lower case. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private HttpTestClient() {
    }

    /** {@code GET path} with the given extra header lines (each "Name: value"). */
    public static Response get(InetSocketAddress address, String pinnedFingerprint, String path, String... headers)
            throws Exception {
        return request(address, pinnedFingerprint, "GET", path, headers);
    }

    public static Response request(InetSocketAddress address, String pinnedFingerprint, String method, String path,
                                   String... headers) throws Exception {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(address.getPort()).append("\r\n")
                .append("Connection: close\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = open(address, pinnedFingerprint)) {
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return read(socket.getInputStream(), "HEAD".equals(method));
        }
    }

    private static Socket open(InetSocketAddress address, String pinnedFingerprint) throws Exception {
        Socket socket;
        if (pinnedFingerprint == null) {
            socket = new Socket();
        } else {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new PinningTrustManager(pinnedFingerprint)}, null);
            socket = context.getSocketFactory().createSocket();
        }
        socket.connect(address, IrcTestClient.TIMEOUT_MS);
        socket.setSoTimeout(IrcTestClient.TIMEOUT_MS);
        return socket;
    }

    private static Response read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("connection closed without an answer");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        String length = headers.get("content-length");
        byte[] body = new byte[0];
        if (!head && status != 101 && status != 304 && length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        }
        return new Response(status, headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
