package jp.kaigi.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kaigi.KaigiNode;
import jp.kaigi.demo.DemoData;
import jp.kaigi.testing.ApiClient;
import jp.kaigi.testing.TestDatabase;
import jp.kaigi.testing.TestDocuments;
import jp.kaigi.testing.TestNode;
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
  TestNode node;
  Vertx clientVertx;
  long meeting;
  long document;

  @BeforeAll
  void start() {
    // one HTTP event loop: every tablet and the host share it
    node =
        TestNode.start(
            TestDatabase.H2, dir, KaigiNode.Mode.DEMO, Map.of("KAIGI_HTTP_INSTANCES", "1"));
    clientVertx = Vertx.vertx();
    ApiClient clerk = node.login("clerk", DemoData.PASSWORD);
    meeting = clerk.get("/api/v1/meetings").array().getJsonObject(0).getLong("id");
    document = TestDocuments.uploadReady(clerk, meeting, "議案", 5, Map.of()).getLong("id");
  }

  @AfterAll
  void stop() throws Exception {
    clientVertx.close().toCompletionStage().toCompletableFuture().get();
    node.close();
  }

  WsClient joined(String login) {
    String token = node.login(login, DemoData.PASSWORD).token();
    WsClient c = WsClient.connect(clientVertx, WsClient.options(node.port(), token, null));
    c.send(new JsonObject().put("type", "join").put("meeting", meeting));
    c.next("joined");
    return c;
  }

  long counter(String name) {
    String metrics = node.client().get("/metrics").body();
    Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? ([0-9.E+]+)$").matcher(metrics);
    assertThat(m.find()).as(name + " in /metrics").isTrue();
    return (long) Double.parseDouble(m.group(1));
  }

  @Test
  @DisplayName("one fan-out task per event loop, not per tablet")
  void oneTaskPerEventLoop() {
    List<WsClient> tablets = new ArrayList<>();
    try (WsClient host = joined("chair")) {
      for (int i = 0; i < TABLETS; i++) {
        tablets.add(joined("member1"));
      }
      long batches = counter("kaigi_sync_fanout_batches_total");
      long deliveries = counter("kaigi_sync_deliveries_total");
      host.send(
          new JsonObject()
              .put("type", "page")
              .put("meeting", meeting)
              .put("document", document)
              .put("version", 1)
              .put("page", 2));
      for (WsClient t : tablets) {
        t.next(SyncGatewayIT.pageFrame(2), Duration.ofSeconds(10));
      }
      host.next(SyncGatewayIT.pageFrame(2), Duration.ofSeconds(10));
      assertThat(counter("kaigi_sync_deliveries_total") - deliveries).isEqualTo(TABLETS + 1);
      assertThat(counter("kaigi_sync_fanout_batches_total") - batches).isEqualTo(1);
    } finally {
      tablets.forEach(WsClient::close);
    }
  }
}
