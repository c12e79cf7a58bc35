package jp.kaigi.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL store (H2 or PostgreSQL) behind one pool. JDBC blocks, so every call runs on a named,
 * bounded worker pool and comes back as a {@link Future}; event loops never touch a connection.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final HikariDataSource dataSource;
  private final WorkerExecutor workers;
  private final boolean postgres;
  private volatile boolean migrated;

  private Database(HikariDataSource dataSource, WorkerExecutor workers, boolean postgres) {
    this.dataSource = dataSource;
    this.workers = workers;
    this.postgres = postgres;
  }

  public static Database open(Vertx vertx, StoreConfig config) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(config.jdbcUrl());
    config.user().ifPresent(hc::setUsername);
    config.password().ifPresent(hc::setPassword);
    hc.setMaximumPoolSize(config.poolSize());
    hc.setPoolName("kaigi-sql");
    // Fail fast at startup with a clear message rather than hanging on a wrong URL.
    hc.setInitializationFailTimeout(-1);
    hc.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
    HikariDataSource ds = new HikariDataSource(hc);
    WorkerExecutor workers =
        vertx.createSharedWorkerExecutor(
            "kaigi-sql", config.poolSize() * 2, 60, java.util.concurrent.TimeUnit.SECONDS);
    return new Database(ds, workers, config.isPostgres());
  }

  /** Applies Flyway migrations; blocking, called once at startup from a worker. */
  public void migrate() {
    var result =
        Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .load()
            .migrate();
    migrated = true;
    LOG.info(
        "event=db.migrated database={} applied={} version={}",
        postgres ? "postgresql" : "h2",
        result.migrationsExecuted,
        result.targetSchemaVersion);
  }

  public boolean isPostgres() {
    return postgres;
  }

  /** Runs work with an auto-commit connection. */
  public <T> Future<T> read(SqlWork<T> work) {
    return workers.executeBlocking(
        () -> {
          try (Connection c = dataSource.getConnection()) {
            return work.apply(c);
          }
        },
        false);
  }

  /** Runs work in one transaction: all of it is committed or none of it. */
  public <T> Future<T> transaction(SqlWork<T> work) {
    return workers.executeBlocking(() -> inTransaction(work), false);
  }

  /** The blocking form of {@link #transaction}, for code that already runs on a worker. */
  public <T> T inTransaction(SqlWork<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.apply(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  /** Ready when migrations are done and a connection answers. */
  public Future<Boolean> ready() {
    if (!migrated) {
      return Future.succeededFuture(false);
    }
    return read(c -> c.isValid(2)).otherwise(false);
  }

  @Override
  public void close() {
    workers.close();
    dataSource.close();
  }
}
