/** The connection to the server: TCP, TLS and IRC line framing, with Netty. */
package dev.parley.client.net;
