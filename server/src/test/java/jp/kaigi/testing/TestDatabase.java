package jp.kaigi.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import jp.kaigi.store.StoreConfig;

/**
 * A fresh, empty database for one test class: an H2 file in a temp dir, or a new database in the
 * throwaway PostgreSQL cluster that {@code ops/kaigi test} starts and names in {@code
 * KAIGI_TEST_PG_URL} (e.g. {@code jdbc:postgresql://127.0.0.1:5433/postgres?user=kaigi}).
 */
public enum TestDatabase {
  H2,
  POSTGRES;

  private static final AtomicInteger COUNTER = new AtomicInteger();

  public static String adminPgUrl() {
    String fromEnv = System.getenv("KAIGI_TEST_PG_URL");
    return fromEnv != null && !fromEnv.isBlank()
        ? fromEnv
        : System.getProperty("kaigi.test.pg.url", "");
  }

  /** Config keys that point a node at a brand-new database of this kind. */
  public Map<String, String> create(Path tempDir) {
    if (this == H2) {
      return Map.of("KAIGI_DB_URL", StoreConfig.h2Url(tempDir.resolve("db").resolve("kaigi")));
    }
    String admin = adminPgUrl();
    Requirements.require(!admin.isBlank(), "PostgreSQL (KAIGI_TEST_PG_URL)");
    String name = "kaigi_t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    try (Connection c = DriverManager.getConnection(admin);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database on " + admin, e);
    }
    return Map.of("KAIGI_DB_URL", admin.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1"));
  }
}
