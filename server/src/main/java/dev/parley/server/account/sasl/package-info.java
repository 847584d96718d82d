/**
 * SASL mechanisms (PLAIN, SCRAM-SHA-256, EXTERNAL), server side and independent of the protocol
 * that carries them; IRC's {@code AUTHENTICATE} command drives them through
 * {@link dev.parley.server.account.sasl.SaslMechanisms}.
 */
package dev.parley.server.account.sasl;
