package jp.kaigi.ops.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import jp.kaigi.KaigiNode;
import jp.kaigi.demo.DemoData;
import jp.kaigi.testing.TestDatabase;
import jp.kaigi.testing.TestNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What `ops/kaigi demo` shows a member: the demo meeting's agenda pack, drawn in the viewer. */
@Timeout(300)
@DisplayName("the demo agenda pack in the viewer (Chromium)")
class DemoAgendaIT {
  @TempDir static Path dataDir;
  static TestNode node;
  static BrowserSession browsers;

  @BeforeAll
  static void start() throws Exception {
    browsers = BrowserSession.start();
    node =
        TestNode.start(
            TestDatabase.H2, dataDir, KaigiNode.Mode.DEMO, Map.of("KAIGI_DEMO_DOCUMENTS", "true"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (browsers != null) {
      browsers.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  @DisplayName("a member opens the demo meeting's agenda pack; its Japanese pages are drawn")
  void agendaPackRenders() {
    long meetingId = BrowserSession.demoMeetingId(node);
    var member = node.login("member1", DemoData.PASSWORD);
    long[] docId = new long[1];
    Awaitility.await("demo agenda pack ready")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              JsonArray docs = member.get("/api/v1/meetings/" + meetingId + "/documents").array();
              if (docs.isEmpty()) {
                return false;
              }
              docId[0] = docs.getJsonObject(0).getLong("id");
              return true;
            });
    try (BrowserSession.Tablet tablet = browsers.new Tablet(node)) {
      tablet.logInAs("member1");
      tablet.go("/meetings/" + meetingId + "/documents/" + docId[0]);
      tablet.waitForRenderedPage(1, 6);
      tablet.page.getByTestId("next-page").click();
      tablet.waitForRenderedPage(2, 6);
      // embedded fonts: the 次第 page is drawn, not blank
      assertThat(tablet.inkedPixels()).isGreaterThan(2_000);
      tablet.screenshot("demo-agenda-page2.png");
      tablet.checkStayedHome();
    }
  }
}
