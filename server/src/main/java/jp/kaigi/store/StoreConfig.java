package jp.kaigi.store;

import java.nio.file.Path;
import java.util.Optional;
import jp.kaigi.config.ConfigException;
import jp.kaigi.config.ConfigSource;

/** Which SQL database to use: embedded H2 under the data dir unless a PostgreSQL URL is given. */
public record StoreConfig(
    String jdbcUrl, Optional<String> user, Optional<String> password, int poolSize) {

  public static StoreConfig from(ConfigSource src, Path dataDir) {
    Optional<String> url = src.get("KAIGI_DB_URL");
    url.ifPresent(
        u -> {
          if (!u.startsWith("jdbc:postgresql://") && !u.startsWith("jdbc:h2:")) {
            throw new ConfigException(
                "KAIGI_DB_URL", "must start with jdbc:postgresql:// (or jdbc:h2: for tests)");
          }
        });
    String jdbcUrl = url.orElseGet(() -> h2Url(dataDir.resolve("db").resolve("kaigi")));
    int pool = src.integer("KAIGI_DB_POOL_SIZE", 8, 1, 200);
    return new StoreConfig(jdbcUrl, src.get("KAIGI_DB_USER"), src.get("KAIGI_DB_PASSWORD"), pool);
  }

  /**
   * H2 in PostgreSQL mode with lower-case names, so one SQL dialect and one row mapping serve both.
   * {@code WRITE_DELAY=0}: H2 has no redo log and by default writes commits to the file up to 500
   * ms later, so a kill -9 could lose an upload that was already answered; now a commit is in the
   * file (the OS page cache) before the answer.
   */
  public static String h2Url(Path file) {
    return "jdbc:h2:file:"
        + file
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
  }

  public boolean isPostgres() {
    return jdbcUrl.startsWith("jdbc:postgresql:");
  }
}
