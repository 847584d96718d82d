/**
 * Trust on first use for server certificates: the known_servers file of pinned fingerprints and
 * the trust manager that consults the system's CAs, then the pins, then the user.
 */
package dev.parley.client.tofu;
