package jp.kaigi.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of blocking JDBC work; {@link Database} runs it on a worker thread. */
@FunctionalInterface
public interface SqlWork<T> {
  T apply(Connection connection) throws SQLException;
}
