package jp.kaigi.ops.viewer;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import jp.kaigi.demo.DemoData;
import jp.kaigi.testing.ApiClient;
import jp.kaigi.testing.TestDocuments;
import jp.kaigi.testing.TestNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The live meeting in the real viewer, two viewer.browsers(): the chair (host) turns pages, the
 * member's viewer follows; the member browses freely and comes back; the chair locks the screens.
 */
@Timeout(600)
@DisplayName("live page sync in the real viewer (Chromium)")
class LivePageSyncIT {
  @RegisterExtension static final ViewerNode viewer = new ViewerNode(Map.of());

  @Test
  @DisplayName("member follows the chair, browses freely, returns to the chair's page")
  void followFreeReturn() {
    long meetingId = BrowserSession.demoMeetingId(viewer.node());
    long docId =
        viewer
            .browsers()
            .uploadReady(
                viewer.node(),
                meetingId,
                BrowserSession.corpusFile("higashiomi-dx-plan.pdf"),
                "東近江市DX推進計画");

    try (BrowserSession.Tablet chair = viewer.browsers().new Tablet(viewer.node());
        BrowserSession.Tablet member = viewer.browsers().new Tablet(viewer.node())) {
      chair.logInAs("chair");
      chair.go("/meetings/" + meetingId + "/documents/" + docId);
      chair.waitForRenderedPage(1, 12);
      assertThat(chair.page.getByTestId("sync-banner")).hasAttribute("data-state", "host");
      assertThat(chair.page.getByTestId("host-panel")).isVisible();

      member.logInAs("member1");
      member.go("/meetings/" + meetingId);
      member.page.getByTestId("open-live").click();
      assertThat(member.page.getByTestId("sync-banner")).hasAttribute("data-state", "following");
      assertThat(member.page.getByTestId("sync-banner")).containsText("議長の画面に追従中");
      member.waitForRenderedPage(1, 12);

      // The chair turns to page 3; the member follows.
      chair.page.getByTestId("next-page").click();
      chair.waitForRenderedPage(2, 12);
      chair.page.getByTestId("next-page").click();
      chair.waitForRenderedPage(3, 12);
      member.waitForRenderedPage(3, 12);
      // The host console sees the member following on page 3.
      assertThat(presenceRow(chair, "鈴木")).containsText("追従中");
      // ... and, once the member's tablet acknowledged it, on page 3.
      assertThat(presenceRow(chair, "鈴木")).containsText("3ページ");
      chair.screenshot("live-host-page3.png");
      member.screenshot("live-member-page3.png");

      // The member browses freely: the chair turns on, the member stays.
      member.page.getByTestId("free-browse").click();
      assertThat(member.page.getByTestId("sync-banner")).hasAttribute("data-state", "free");
      assertThat(member.page.getByTestId("sync-banner")).containsText("自由閲覧中 — 追従に戻る");
      chair.page.getByTestId("next-page").click();
      chair.waitForRenderedPage(4, 12);
      member.page.waitForTimeout(1500);
      member.waitForRenderedPage(3, 12);
      member.page.getByTestId("prev-page").click();
      member.waitForRenderedPage(2, 12);
      member.screenshot("live-member-free.png");

      // Back to follow: the member jumps to the chair's page.
      member.page.getByTestId("follow-again").click();
      assertThat(member.page.getByTestId("sync-banner")).hasAttribute("data-state", "following");
      member.waitForRenderedPage(4, 12);

      // 画面ロック: the member is kept on the chair's page and cannot browse.
      chair.page.getByTestId("force-toggle").click();
      assertThat(member.page.getByTestId("sync-banner")).hasAttribute("data-state", "locked");
      assertThat(member.page.getByTestId("next-page")).isDisabled();
      assertThat(member.page.getByTestId("prev-page")).isDisabled();
      chair.page.getByTestId("next-page").click();
      member.waitForRenderedPage(5, 12);
      member.screenshot("live-member-locked.png");
      chair.screenshot("live-host-locked.png");
      chair.page.getByTestId("force-toggle").click();
      assertThat(member.page.getByTestId("sync-banner")).hasAttribute("data-state", "following");

      // 差し替え while reading: the member is told and loads the new version.
      viewer
          .browsers()
          .replaceReady(viewer.node(), docId, BrowserSession.corpusFile("katagami-dx-plan.pdf"));
      assertThat(member.page.getByTestId("replaced-notice")).containsText("差し替えられました");
      member.page.waitForTimeout(800);
      member.screenshot("live-member-replaced.png");
      member.page.getByTestId("load-new-version").click();
      assertThat(member.page.getByTestId("replaced-notice")).isHidden();
      assertThat(member.page.locator("canvas[data-rendered='true']")).hasCount(1);

      chair.checkStayedHome();
      member.checkStayedHome();
    }
  }

  @Test
  @DisplayName(
      "page events that arrive while the member's viewer is still loading that document are shown"
          + " and acked once it has loaded; meanwhile the previous document is not turned")
  void pageEventsWhileLoading() {
    TestNode node = viewer.node();
    ApiClient clerk = node.login("clerk", DemoData.PASSWORD);
    long meetingId =
        clerk
            .post(
                "/api/v1/meetings",
                new JsonObject()
                    .put("title", "読込中の追従テスト")
                    .put("kind", "committee")
                    .put("startsAt", "2026-12-01T10:00:00+09:00"))
            .json()
            .getLong("id");
    long chairId = node.login("chair", DemoData.PASSWORD).get("/api/v1/me").json().getLong("id");
    long memberId = node.login("member1", DemoData.PASSWORD).get("/api/v1/me").json().getLong("id");
    org.assertj.core.api.Assertions.assertThat(
            clerk
                .put(
                    "/api/v1/meetings/" + meetingId + "/participants",
                    new JsonObject()
                        .put(
                            "participants",
                            new JsonArray()
                                .add(new JsonObject().put("userId", chairId).put("role", "host"))
                                .add(
                                    new JsonObject()
                                        .put("userId", memberId)
                                        .put("role", "member"))))
                .status())
        .isEqualTo(200);
    org.assertj.core.api.Assertions.assertThat(
            clerk
                .put(
                    "/api/v1/meetings/" + meetingId + "/status",
                    new JsonObject().put("status", "published"))
                .status())
        .isEqualTo(200);
    long docId =
        viewer
            .browsers()
            .uploadReady(
                node, meetingId, BrowserSession.corpusFile("higashiomi-dx-plan.pdf"), "読込中資料");

    try (BrowserSession.Tablet chair = viewer.browsers().new Tablet(node);
        BrowserSession.Tablet member = viewer.browsers().new Tablet(node)) {
      // The member's download of the PDF is held (a slow chamber Wi-Fi) until the chair has
      // turned to page 2.
      List<com.microsoft.playwright.Route> held = new java.util.ArrayList<>();
      member.context.route("**/api/v1/documents/" + docId + "/versions/*/file*", held::add);
      member.logInAs("member1");
      member.go("/meetings/" + meetingId + "/live");
      assertThat(member.page.getByTestId("sync-banner")).hasAttribute("data-state", "following");
      member.page.waitForCondition(() -> !held.isEmpty());

      chair.logInAs("chair");
      chair.go("/meetings/" + meetingId + "/documents/" + docId);
      chair.waitForRenderedPage(1, 12);
      chair.page.getByTestId("next-page").click();
      chair.waitForRenderedPage(2, 12);
      // Both page events reach the member while its file is still on the way.
      member.page.waitForTimeout(1000);
      held.forEach(com.microsoft.playwright.Route::resume);

      member.waitForRenderedPage(2, 12);
      assertThat(presenceRow(chair, "鈴木")).containsText("2ページ");

      // The chair moves on to another document, whose download the member's tablet is slow to
      // get: meanwhile the member keeps the last page in view, but its counter and page buttons
      // no longer pretend it belongs to the new document.
      long nextDocId =
          viewer
              .browsers()
              .uploadReady(
                  node,
                  meetingId,
                  BrowserSession.corpusFile("toon-digital-master-plan.pdf"),
                  "次の資料");
      List<com.microsoft.playwright.Route> heldNext = new java.util.ArrayList<>();
      member.context.route("**/api/v1/documents/" + nextDocId + "/versions/*/file*", heldNext::add);
      chair.page.getByTestId("viewer-doc-select").selectOption(String.valueOf(nextDocId));
      chair.waitForRenderedPage(1, 24);
      member.page.waitForCondition(() -> !heldNext.isEmpty());
      assertThat(member.page.getByTestId("page-counter")).hasText("– / –");
      assertThat(member.page.getByTestId("next-page")).isDisabled();
      assertThat(member.page.locator("canvas[data-rendered='true'][data-page='2']")).hasCount(1);
      heldNext.forEach(com.microsoft.playwright.Route::resume);
      member.waitForRenderedPage(1, 24);
      assertThat(presenceRow(chair, "鈴木")).containsText("1ページ");
      chair.checkStayedHome();
      member.checkStayedHome();
    }
  }

  @Test
  @DisplayName(
      "reconnect delays double up to 10 s with jitter, so tablets dropped together come back spread")
  void reconnectBackoffIsJittered() {
    try (BrowserSession.Tablet member = viewer.browsers().new Tablet(viewer.node())) {
      member.logInAs("member1");
      org.assertj.core.api.Assertions.assertThat(
              reconnectDelays(
                  member,
                  "[1, 2, 5, 12].flatMap(a => [delay(a, () => 0), delay(a, () => 0.999999)])"))
          .containsExactly(500L, 1000L, 1000L, 2000L, 5000L, 10000L, 5000L, 10000L);
      // 1,000 tablets dropped at once: their first retries spread over the whole interval
      List<Long> herd =
          reconnectDelays(member, "Array.from({ length: 1000 }, () => delay(1))").stream()
              .sorted()
              .toList();
      org.assertj.core.api.Assertions.assertThat(herd.get(0)).isGreaterThanOrEqualTo(500);
      org.assertj.core.api.Assertions.assertThat(herd.get(999)).isLessThanOrEqualTo(1000);
      // every 50 ms slice of 0.5–1 s is used (1,000 draws: one left empty is ~1e-44)
      org.assertj.core.api.Assertions.assertThat(
              herd.stream().map(d -> Math.min(9, (d - 500) / 50)).distinct().count())
          .isEqualTo(10);
    }
  }

  /** The host console's presence row of the participant whose name contains {@code name}. */
  private static com.microsoft.playwright.Locator presenceRow(
      BrowserSession.Tablet host, String name) {
    return host.page.locator(
        "[data-testid=presence-item]",
        new com.microsoft.playwright.Page.LocatorOptions().setHasText(name));
  }

  /** {@code expression} over the viewer's own {@code reconnectDelay} (as {@code delay}). */
  private static List<Long> reconnectDelays(BrowserSession.Tablet t, String expression) {
    Object out =
        t.page.evaluate(
            "async () => { const delay = (await import('/js/sync.js')).reconnectDelay;"
                + " return "
                + expression
                + "; }");
    return ((List<?>) out).stream().map(n -> ((Number) n).longValue()).toList();
  }

  @Test
  @DisplayName("a member whose socket drops shows 再接続中 and catches up with lastSeq")
  void reconnectCatchesUp() {
    long meetingId = BrowserSession.demoMeetingId(viewer.node());
    long docId =
        viewer
            .browsers()
            .uploadReady(
                viewer.node(),
                meetingId,
                BrowserSession.corpusFile("higashiomi-dx-plan.pdf"),
                "再接続テスト資料");

    try (BrowserSession.Tablet chair = viewer.browsers().new Tablet(viewer.node());
        BrowserSession.Tablet member = viewer.browsers().new Tablet(viewer.node())) {
      // The member's /ws goes through a route the test can cut: while cut, a new socket opens
      // but the server never answers (as on a dead Wi-Fi), so the viewer stays 再接続中.
      java.util.concurrent.atomic.AtomicBoolean cut =
          new java.util.concurrent.atomic.AtomicBoolean();
      java.util.concurrent.atomic.AtomicReference<com.microsoft.playwright.WebSocketRoute> current =
          new java.util.concurrent.atomic.AtomicReference<>();
      member.page.routeWebSocket(
          java.util.regex.Pattern.compile("/ws$"),
          ws -> {
            current.set(ws);
            if (!cut.get()) {
              ws.connectToServer();
            }
          });
      chair.logInAs("chair");
      chair.go("/meetings/" + meetingId + "/documents/" + docId);
      chair.waitForRenderedPage(1, 12);
      member.logInAs("member1");
      member.go("/meetings/" + meetingId + "/live");
      assertThat(member.page.getByTestId("sync-banner")).hasAttribute("data-state", "following");

      chair.page.getByTestId("next-page").click();
      chair.waitForRenderedPage(2, 12);
      member.waitForRenderedPage(2, 12);

      cut.set(true);
      current.get().close();
      assertThat(member.page.getByTestId("sync-banner")).hasAttribute("data-state", "reconnecting");
      assertThat(member.page.getByTestId("sync-banner")).containsText("再接続中");
      chair.page.getByTestId("next-page").click();
      chair.waitForRenderedPage(3, 12);
      member.page.waitForTimeout(1000);
      member.waitForRenderedPage(2, 12);
      member.screenshot("live-member-reconnecting.png");

      cut.set(false);
      current.get().close();
      assertThat(member.page.getByTestId("sync-banner")).hasAttribute("data-state", "following");
      member.waitForRenderedPage(3, 12);
      chair.checkStayedHome();
      member.checkStayedHome();
    }
  }

  @Test
  @DisplayName("a confidential document the member may not open: the member stays and is told")
  void confidentialDocumentStaysHidden() {
    long meetingId = BrowserSession.demoMeetingId(viewer.node());
    long openDoc =
        viewer
            .browsers()
            .uploadReady(
                viewer.node(),
                meetingId,
                BrowserSession.corpusFile("higashiomi-dx-plan.pdf"),
                "公開議案");
    long chairId =
        viewer.node().login("chair", DemoData.PASSWORD).get("/api/v1/me").json().getLong("id");
    long secretDoc =
        TestDocuments.uploadReady(
                viewer.node().login("clerk", DemoData.PASSWORD),
                meetingId,
                "秘密会資料",
                3,
                Map.of("confidential", "true", "allowedUserIds", String.valueOf(chairId)))
            .getLong("id");

    try (BrowserSession.Tablet chair = viewer.browsers().new Tablet(viewer.node());
        BrowserSession.Tablet member = viewer.browsers().new Tablet(viewer.node())) {
      chair.logInAs("chair");
      chair.go("/meetings/" + meetingId + "/documents/" + openDoc);
      chair.waitForRenderedPage(1, 12);
      chair.page.getByTestId("next-page").click();
      chair.waitForRenderedPage(2, 12);
      member.logInAs("member1");
      member.go("/meetings/" + meetingId + "/live");
      assertThat(member.page.getByTestId("sync-banner")).hasAttribute("data-state", "following");
      member.waitForRenderedPage(2, 12);

      // The chair opens the confidential document: the member's tablet stays and says why.
      // (a host who opens another document pushes it with the first page turn)
      chair.go("/meetings/" + meetingId + "/documents/" + secretDoc);
      chair.waitForRenderedPage(1, 3);
      chair.page.getByTestId("next-page").click();
      chair.waitForRenderedPage(2, 3);
      assertThat(member.page.getByTestId("sync-restricted")).containsText("閲覧権限のない資料");
      member.waitForRenderedPage(2, 12);
      assertThat(member.page.locator("body")).not().containsText("秘密会資料");
      member.screenshot("live-member-restricted.png");

      // Back on the open document, the member follows again.
      chair.go("/meetings/" + meetingId + "/documents/" + openDoc);
      chair.waitForRenderedPage(1, 12);
      chair.page.getByTestId("next-page").click();
      chair.waitForRenderedPage(2, 12);
      chair.page.getByTestId("next-page").click();
      chair.waitForRenderedPage(3, 12);
      member.waitForRenderedPage(3, 12);
      assertThat(member.page.getByTestId("sync-restricted")).hasCount(0);
      chair.checkStayedHome();
      member.checkStayedHome();
    }
  }
}
