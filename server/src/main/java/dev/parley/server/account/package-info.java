/**
 * Accounts and logins: the {@link dev.parley.server.account.AccountStore} that keeps them, the
 * password hashes (Argon2id, SCRAM-SHA-256 keys, and the seed system's legacy SHA-256 until a
 * member's first login), the seed member file reader, and the
 * {@link dev.parley.server.account.Authenticator} through which every login is decided.
 */
package dev.parley.server.account;
