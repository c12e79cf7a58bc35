package jp.kaigi.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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

/** The documents feature and page sync together: an upload reaches the tablets as an event. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class DocumentEventsIT {
  @TempDir static Path dir;
  TestNode node;
  Vertx client;

  @BeforeAll
  void start() {
    node = TestNode.start(TestDatabase.H2, dir, KaigiNode.Mode.DEMO, Map.of());
    client = Vertx.vertx();
  }

  @AfterAll
  void stop() throws Exception {
    client.close().toCompletionStage().toCompletableFuture().get();
    node.close();
  }

  @Test
  @DisplayName("uploads reach joined tablets; a confidential one only those allowed")
  void uploadsBecomeDocumentEvents() throws Exception {
    ApiClient clerk = node.login("clerk", DemoData.PASSWORD);
    ApiClient m1 = node.login("member1", DemoData.PASSWORD);
    ApiClient m2 = node.login("member2", DemoData.PASSWORD);
    long meeting = m1.get("/api/v1/meetings").array().getJsonObject(0).getLong("id");
    long m2Id = m2.get("/api/v1/me").json().getLong("id");
    try (WsClient t1 = WsClient.connect(client, WsClient.options(node.port(), m1.token(), null));
        WsClient t2 = WsClient.connect(client, WsClient.options(node.port(), m2.token(), null))) {
      for (WsClient t : new WsClient[] {t1, t2}) {
        t.send(new JsonObject().put("type", "join").put("meeting", meeting));
        t.next("joined");
      }
      var open = upload(clerk, meeting, Map.of("title", "公開資料"), 2);
      assertThat(open.status()).as(open.body()).isIn(200, 201, 202);
      var secret =
          upload(
              clerk,
              meeting,
              Map.of(
                  "title", "秘密資料", "confidential", "true", "allowedUserIds", String.valueOf(m2Id)),
              3);
      assertThat(secret.status()).as(secret.body()).isIn(200, 201, 202);

      JsonObject e2 =
          t2.next(
              f -> "document".equals(f.getString("type")) && "秘密資料".equals(f.getString("title")),
              Duration.ofSeconds(60));
      assertThat(e2.getString("event")).isEqualTo("published");
      assertThat(e2.getInteger("pages")).isEqualTo(3);
      assertThat(e2.containsKey("allowedUserIds")).isFalse();
      JsonObject e1 =
          t1.next(
              f -> "document".equals(f.getString("type")) && "公開資料".equals(f.getString("title")),
              Duration.ofSeconds(60));
      assertThat(e1.getInteger("pages")).isEqualTo(2);
      t1.drain(Duration.ofMillis(500));
      assertThat(t1.seen()).noneMatch(f -> "秘密資料".equals(f.getString("title")));
    }
  }

  private static ApiClient.Response upload(
      ApiClient as, long meeting, Map<String, String> fields, int pages) {
    return TestDocuments.upload(as, meeting, fields, "doc.pdf", TestDocuments.blankPdf(pages));
  }
}
