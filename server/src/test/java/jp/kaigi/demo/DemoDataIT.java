package jp.kaigi.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import jp.kaigi.KaigiNode;
import jp.kaigi.testing.ApiClient;
import jp.kaigi.testing.TestDatabase;
import jp.kaigi.testing.TestNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(180)
class DemoDataIT {
  static final Map<String, String> DOCUMENTS = Map.of("KAIGI_DEMO_DOCUMENTS", "true");

  @TempDir Path dir;

  @Test
  @DisplayName(
      "demo data (with its agenda pack) is created once: a second start duplicates nothing")
  void idempotent() throws Exception {
    try (TestNode node = TestNode.start(TestDatabase.H2, dir, KaigiNode.Mode.DEMO, DOCUMENTS)) {
      ApiClient member = node.login("member1", DemoData.PASSWORD);
      assertThat(member.get("/api/v1/meetings").array())
          .extracting(o -> ((JsonObject) o).getString("title"))
          .containsExactly(DemoData.MEETING_TITLE);
      assertThat(node.login("outsider", DemoData.PASSWORD).get("/api/v1/meetings").array())
          .isEmpty();
      // the agenda pack is there, processed and searchable like any upload
      long meetingId = member.get("/api/v1/meetings").array().getJsonObject(0).getLong("id");
      JsonObject[] doc = new JsonObject[1];
      Awaitility.await("demo document ready")
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                JsonArray docs = member.get("/api/v1/meetings/" + meetingId + "/documents").array();
                doc[0] = docs.isEmpty() ? null : docs.getJsonObject(0);
                return doc[0] != null;
              });
      assertThat(doc[0].getString("title")).isEqualTo(DemoData.AGENDA_TITLE);
      assertThat(doc[0].getJsonObject("current").getInteger("pages")).isEqualTo(6);
      Awaitility.await("demo document searchable")
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  member
                      .get("/api/v1/search?q=" + java.net.URLEncoder.encode("フリーアドレス", "UTF-8"))
                      .json()
                      .getJsonArray("hits")
                      .stream()
                      .anyMatch(h -> ((JsonObject) h).getInteger("page") == 5));
    }
    // Same data dir and database file again.
    try (TestNode node = TestNode.start(TestDatabase.H2, dir, KaigiNode.Mode.DEMO, DOCUMENTS)) {
      ApiClient admin = node.admin();
      assertThat(admin.get("/api/v1/meetings").array()).hasSize(1);
      assertThat(admin.get("/api/v1/users").array()).hasSize(7); // admin + six demo users
      assertThat(admin.get("/api/v1/groups").array()).hasSize(2);
      JsonObject meeting = admin.get("/api/v1/meetings").array().getJsonObject(0);
      JsonObject detail = admin.get("/api/v1/meetings/" + meeting.getLong("id")).json();
      assertThat(detail.getJsonArray("agenda")).hasSize(3);
      assertThat(detail.getJsonArray("participants")).hasSize(2);
      assertThat(admin.get("/api/v1/meetings/" + meeting.getLong("id") + "/documents").array())
          .hasSize(1);
    }
  }
}
