package jp.kaigi.ops.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import java.time.Duration;
import java.util.Map;
import jp.kaigi.demo.DemoData;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What `ops/kaigi demo` shows a member: the demo meeting's agenda pack, drawn in the viewer. */
@Timeout(300)
@DisplayName("the demo agenda pack in the viewer (Chromium)")
class DemoAgendaIT {
  @RegisterExtension
  static final ViewerNode viewer = new ViewerNode(Map.of("KAIGI_DEMO_DOCUMENTS", "true"));

  @Test
  @DisplayName("a member opens the demo meeting's agenda pack; its Japanese pages are drawn")
  void agendaPackRenders() {
    long meetingId = BrowserSession.demoMeetingId(viewer.node());
    var member = viewer.node().login("member1", DemoData.PASSWORD);
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
    try (BrowserSession.Tablet tablet = viewer.browsers().new Tablet(viewer.node())) {
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
