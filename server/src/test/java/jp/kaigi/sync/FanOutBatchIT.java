package jp.kaigi.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A page reaches every tablet of an event loop in one task. Vert.x gives each connection its own
 * (duplicated) context; grouped by that, a page was one task per tablet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class FanOutBatchIT {
  static final int TABLETS = 40;

  @TempDir static Path dir;
  OneLoopMeeting m;

  @BeforeAll
  void start() {
    m = new OneLoopMeeting(dir, Map.of());
  }

  @AfterAll
  void stop() throws Exception {
    m.close();
  }

  long counter(String name) {
    String metrics = m.node.client().get("/metrics").body();
    Matcher line =
        Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? ([0-9.E+]+)$").matcher(metrics);
    assertThat(line.find()).as(name + " in /metrics").isTrue();
    return (long) Double.parseDouble(line.group(1));
  }

  @Test
  @DisplayName("one fan-out task per event loop, not per tablet")
  void oneTaskPerEventLoop() {
    List<WsClient> tablets = List.of();
    try (WsClient host = m.joined("chair")) {
      tablets = m.joined("member1", TABLETS);
      long batches = counter("kaigi_sync_fanout_batches_total");
      long deliveries = counter("kaigi_sync_deliveries_total");
      long stores = counter("kaigi_sync_store_seconds_count");
      long fanouts = counter("kaigi_sync_fanout_seconds_count");
      host.send(m.page(2));
      for (WsClient t : tablets) {
        t.next(SyncGatewayIT.pageFrame(2), Duration.ofSeconds(10));
      }
      host.next(SyncGatewayIT.pageFrame(2), Duration.ofSeconds(10));
      assertThat(counter("kaigi_sync_deliveries_total") - deliveries).isEqualTo(TABLETS + 1);
      assertThat(counter("kaigi_sync_fanout_batches_total") - batches).isEqualTo(1);
      // the page's two timed stages: one compare-and-set, one loop's fan-out (recorded after the
      // writes, so perhaps a moment after the tablets have the page)
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(counter("kaigi_sync_store_seconds_count") - stores).isEqualTo(1);
                assertThat(counter("kaigi_sync_fanout_seconds_count") - fanouts).isEqualTo(1);
              });
      assertThat(m.node.client().get("/metrics").body())
          .contains("kaigi_sync_store_seconds_bucket{le=\"")
          .contains("kaigi_sync_fanout_seconds_bucket{le=\"");
    } finally {
      tablets.forEach(WsClient::close);
    }
  }
}
