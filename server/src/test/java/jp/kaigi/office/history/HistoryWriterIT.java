package jp.kaigi.office.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jp.kaigi.office.ingest.Reading;
import jp.kaigi.office.registry.Device;
import jp.kaigi.office.registry.DeviceType;
import jp.kaigi.store.Database;
import jp.kaigi.store.StoreConfig;
import org.h2.api.Trigger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flushes of the rollups are written one after another: a flush that completes (the forced one at a
 * node's close, or before a report) has every earlier flush's rows committed too. A real H2 store
 * whose trigger holds back the rows of one device keeps the first flush in its transaction.
 */
@Timeout(60)
class HistoryWriterIT {
  private static final CountDownLatch RELEASE = new CountDownLatch(1);

  /** Holds every insert of device "held" until {@link #RELEASE}. */
  public static final class HoldBack implements Trigger {
    @Override
    public void fire(Connection c, Object[] oldRow, Object[] newRow) throws SQLException {
      if ("held".equals(newRow[1])) {
        try {
          RELEASE.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  @TempDir Path dir;

  @Test
  @DisplayName("a flush completes only once the flush before it is committed")
  void flushesAreWrittenInTurn() throws Exception {
    String url = StoreConfig.h2Url(dir.resolve("kaigi"));
    Vertx vertx = Vertx.vertx();
    Database db = Database.open(vertx, new StoreConfig(url, Optional.empty(), Optional.empty(), 4));
    try {
      db.migrate();
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        s.execute(
            "CREATE TRIGGER hold_back BEFORE INSERT ON office_rollups FOR EACH ROW CALL \""
                + HoldBack.class.getName()
                + "\"");
      }
      HistoryWriter writer = new HistoryWriter(db, type -> Duration.ofMinutes(15), false);
      long now = System.currentTimeMillis();
      Context pipeline = vertx.getOrCreateContext();
      CompletableFuture<Future<Integer>> second = new CompletableFuture<>();
      pipeline.runOnContext(
          v -> {
            writer.add(co2("held", now - 120_000));
            writer.flush(now, false); // a periodic flush, held in its transaction
            writer.add(co2("free", now - 60_000));
            second.complete(writer.flush(now, true)); // a forced one, as at close
          });
      Future<Integer> forced = second.get(10, TimeUnit.SECONDS);

      await("the forced flush waits for the held one")
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(3))
          .until(() -> !forced.isComplete());
      RELEASE.countDown();
      assertThat(forced.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
          .isEqualTo(1);
      assertThat(rows(url, "held")).as("the earlier flush's row, committed").isEqualTo(1);
      assertThat(rows(url, "free")).isEqualTo(1);
    } finally {
      RELEASE.countDown();
      db.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static Reading co2(String deviceId, long ts) {
    Device room = new Device(deviceId, DeviceType.ROOM, "dx", "3F", "R", null, "R1", 6, null, "h");
    return new Reading(room, ts, null, 800.0, null, null, null, null, null, new JsonObject());
  }

  private static int rows(String url, String deviceId) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*) FROM office_rollups WHERE device_id = '" + deviceId + "'")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
