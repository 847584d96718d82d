package dev.parley.server.testing;

import java.io.Closeable;
import java.io.IOException;

/** What carries a test client's lines: a TCP socket, or a WebSocket. */
interface LineTransport extends Closeable {
    /** The next line without its ending; null once closed; SocketTimeoutException when none comes in time. */
    String readLine() throws IOException;

    void sendLine(String line) throws IOException;

    void sendRaw(byte[] bytes) throws IOException;
}
