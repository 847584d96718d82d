package dev.parley.server.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A piece of database work run by {@link Database#read} or {@link Database#write} on a connection
 * it lends for the duration of the call.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
