/**
 * How lines reach connections. Every event loop has one {@link dev.parley.server.delivery.Outbox};
 * whatever the server sends to a client is appended to the outbox of that client's loop while the
 * state lock is held, and the loop writes it out, in append order, outside the lock. A message
 * to a room is one {@link dev.parley.server.delivery.Fanout} per loop, not one task per member:
 * the loop encodes it once per tag view it needs and writes the same bytes to each of its members,
 * then flushes each connection once. See {@code docs/concurrency.md}.
 */
package dev.parley.server.delivery;
