package jp.kaigi.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import jp.kaigi.KaigiNode;
import jp.kaigi.testing.ApiClient;
import jp.kaigi.testing.TestDatabase;
import jp.kaigi.testing.TestNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(180)
class DemoDataIT {
  @TempDir Path dir;

  @Test
  @DisplayName("demo data is created once: a second start on the same data duplicates nothing")
  void idempotent() throws Exception {
    try (TestNode node = TestNode.start(TestDatabase.H2, dir, KaigiNode.Mode.DEMO)) {
      ApiClient member = node.login("member1", DemoData.PASSWORD);
      assertThat(member.get("/api/v1/meetings").array())
          .extracting(o -> ((JsonObject) o).getString("title"))
          .containsExactly(DemoData.MEETING_TITLE);
      assertThat(node.login("outsider", DemoData.PASSWORD).get("/api/v1/meetings").array())
          .isEmpty();
    }
    // Same data dir and database file again.
    try (TestNode node = TestNode.start(TestDatabase.H2, dir, KaigiNode.Mode.DEMO)) {
      ApiClient admin = node.admin();
      assertThat(admin.get("/api/v1/meetings").array()).hasSize(1);
      assertThat(admin.get("/api/v1/users").array()).hasSize(7); // admin + six demo users
      assertThat(admin.get("/api/v1/groups").array()).hasSize(2);
      JsonObject meeting = admin.get("/api/v1/meetings").array().getJsonObject(0);
      JsonObject detail = admin.get("/api/v1/meetings/" + meeting.getLong("id")).json();
      assertThat(detail.getJsonArray("agenda")).hasSize(3);
      assertThat(detail.getJsonArray("participants")).hasSize(2);
    }
  }
}
