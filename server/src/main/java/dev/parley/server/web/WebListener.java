package dev.parley.server.web;

import dev.parley.server.command.ServerContext;
import dev.parley.server.net.SessionStage;
import java.util.function.BooleanSupplier;

/**
 * What every connection of the web listener shares, held once.
 *
 * @param tls                whether the listener is TLS (pages are https:, the socket wss:)
 * @param trustedCertificate whether the certificate is one browsers trust
 */
record WebListener(ServerContext ctx, SessionStage sessions, StaticFiles files, boolean tls,
                   BooleanSupplier trustedCertificate) {
}
