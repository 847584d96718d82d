/**
 * Logging in: IRCv3 capability negotiation (CAP LS 302, REQ), SASL (SCRAM-SHA-256 and PLAIN, as
 * AUTHENTICATE exchanges) and registration up to the welcome.
 */
package dev.parley.client.login;
