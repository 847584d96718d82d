/**
 * Server bans (KLINE by account or mask, DLINE by address or network) and the record of what
 * operators did: stored in the database, held in memory for the checks made on network threads.
 */
package dev.parley.server.moderation;
