/**
 * Storage: the embedded SQLite database and its schema migrations
 * ({@code src/main/resources/db/migration/sqlite}). What is stored is defined by the interfaces
 * of the packages that use it (e.g. {@code account.AccountStore}).
 */
package dev.parley.server.store;
