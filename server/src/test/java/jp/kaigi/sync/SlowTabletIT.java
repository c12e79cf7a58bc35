package jp.kaigi.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import jp.kaigi.KaigiNode;
import jp.kaigi.demo.DemoData;
import jp.kaigi.document.DocumentEvents;
import jp.kaigi.testing.TestDatabase;
import jp.kaigi.testing.TestNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A tablet that stops reading: its bounded queue overflows, it is closed, the others carry on. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class SlowTabletIT {
  static final int EVENTS = 160;

  @TempDir static Path dir;
  TestNode node;
  Vertx clientVertx;

  @BeforeAll
  void start() {
    node =
        TestNode.start(
            TestDatabase.H2,
            dir,
            KaigiNode.Mode.DEMO,
            Map.of(
                "KAIGI_SYNC_LOG_SIZE", "4",
                "KAIGI_WS_QUEUE_FRAMES", "16",
                "KAIGI_WS_WRITE_QUEUE_BYTES", "65536"));
    clientVertx = Vertx.vertx();
  }

  @AfterAll
  void stop() throws Exception {
    clientVertx.close().toCompletionStage().toCompletableFuture().get();
    node.close();
  }

  @Test
  @DisplayName("a hopelessly slow tablet is closed with a reason; a fast one gets every event")
  void slowTabletIsClosed() {
    String token = node.login("member1", DemoData.PASSWORD).token();
    long meeting =
        node.login("member1", DemoData.PASSWORD)
            .get("/api/v1/meetings")
            .array()
            .getJsonObject(0)
            .getLong("id");
    try (WsClient fast = WsClient.connect(clientVertx, WsClient.options(node.port(), token, null));
        WsClient slow =
            WsClient.connect(
                clientVertx,
                WsClient.options(node.port(), token, null),
                // a small receive window so the server's queue fills, not the kernel's buffers
                new WebSocketClientOptions().setReceiveBufferSize(8192))) {
      for (WsClient c : new WsClient[] {fast, slow}) {
        c.send(new JsonObject().put("type", "join").put("meeting", meeting));
        c.next("joined");
      }
      slow.pause();
      String title = "長".repeat(20_000); // ~60 KB per event
      var bus = node.node().vertx().eventBus();
      // Paced by the fast tablet: it never has more than one event in flight, while the paused
      // one piles up every event until its queue overflows.
      for (int i = 1; i <= EVENTS; i++) {
        int id = 10_000 + i;
        bus.publish(
            DocumentEvents.PUBLISHED,
            new JsonObject()
                .put("meetingId", meeting)
                .put("documentId", id)
                .put("version", 1)
                .put("title", title)
                .put("pages", 1)
                .put("sha256", "00".repeat(32))
                .put("confidential", false));
        JsonObject got =
            fast.next(f -> "document".equals(f.getString("type")), Duration.ofSeconds(30));
        assertThat(got.getLong("documentId")).isEqualTo(id);
        if (slow.closeCode != null) {
          break;
        }
      }
      assertThat(fast.isClosed()).isFalse();
      slow.resume();
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> slow.closeCode != null);
      assertThat(slow.closeCode).isEqualTo((short) 4008);
      assertThat(slow.closeReason).contains("lastSeq");
    }
  }
}
