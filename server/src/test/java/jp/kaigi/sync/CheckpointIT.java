package jp.kaigi.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import jp.kaigi.KaigiNode;
import jp.kaigi.demo.DemoData;
import jp.kaigi.testing.TestDatabase;
import jp.kaigi.testing.TestDocuments;
import jp.kaigi.testing.TestNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The meeting's page survives a restart of the whole cluster (here: its only node) via SQL. */
@Timeout(120)
class CheckpointIT {
  @TempDir Path dir;

  @Test
  @DisplayName("after a full restart the meeting is on the same page and seq continues")
  void resumesFromCheckpoint() throws Exception {
    Map<String, String> cfg = Map.of("KAIGI_SYNC_CHECKPOINT_MS", "600000");
    Vertx client = Vertx.vertx();
    long meeting;
    long doc;
    long seq;
    try (TestNode node = TestNode.start(TestDatabase.H2, dir, KaigiNode.Mode.DEMO, cfg)) {
      var chair = node.login("chair", DemoData.PASSWORD);
      meeting = chair.get("/api/v1/meetings").array().getJsonObject(0).getLong("id");
      doc =
          TestDocuments.uploadReady(
                  node.login("clerk", DemoData.PASSWORD), meeting, "議案", 50, Map.of())
              .getLong("id");
      try (WsClient host =
          WsClient.connect(client, WsClient.options(node.port(), chair.token(), null))) {
        host.send(new JsonObject().put("type", "join").put("meeting", meeting));
        host.next("joined");
        for (int p = 1; p <= 5; p++) {
          host.send(
              new JsonObject()
                  .put("type", "page")
                  .put("meeting", meeting)
                  .put("document", doc)
                  .put("version", 1)
                  .put("page", 40 + p));
        }
        seq =
            host.next(
                    f -> "page".equals(f.getString("type")) && f.getInteger("page") == 45,
                    Duration.ofSeconds(10))
                .getLong("seq");
        host.send(
            new JsonObject().put("type", "force").put("meeting", meeting).put("forced", true));
        host.next("force");
      }
      // no waiting for the timer: stopping the node writes the last checkpoint
    }
    try (TestNode node = TestNode.start(TestDatabase.H2, dir, KaigiNode.Mode.DEMO, cfg)) {
      var member = node.login("member1", DemoData.PASSWORD);
      try (WsClient m =
          WsClient.connect(client, WsClient.options(node.port(), member.token(), null))) {
        m.send(new JsonObject().put("type", "join").put("meeting", meeting));
        JsonObject joined = m.next("joined");
        JsonObject state = joined.getJsonObject("state");
        assertThat(state.getInteger("page")).isEqualTo(45);
        assertThat(state.getLong("document")).isEqualTo(doc);
        assertThat(state.getInteger("version")).isEqualTo(1);
        assertThat(state.getBoolean("forced")).isTrue();
        assertThat(joined.getLong("seq")).isEqualTo(seq + 1);
      }
    } finally {
      client.close().toCompletionStage().toCompletableFuture().get();
    }
  }
}
