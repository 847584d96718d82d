/**
 * Storage: the embedded SQLite database and its schema migrations
 * ({@code src/main/resources/db/migration/sqlite}). What is stored is defined by the interfaces
 * of the packages that use it (e.g. {@link dev.parley.server.account.AccountStore}).
 */
package dev.parley.server.store;
