package dev.parley.server.net;

import dev.parley.server.command.Departures;
import dev.parley.server.command.Dispatcher;
import dev.parley.server.command.ServerContext;
import java.security.cert.Certificate;
import java.util.function.Function;

/**
 * What every connection of one listener shares: held once, so that a connection's handler keeps
 * one reference to it rather than one to each (ten thousand connections, ten thousand copies).
 *
 * @param tls           whether the listener's connections are TLS
 * @param fingerprinter the SHA-256 fingerprint of a client certificate, for SASL EXTERNAL
 */
record ListenerServices(ServerContext ctx, Dispatcher dispatcher, Departures departures, boolean tls,
                        Function<Certificate, String> fingerprinter) {
}
