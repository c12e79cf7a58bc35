package jp.kaigi.ops.viewer;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jp.kaigi.demo.DemoData;
import jp.kaigi.testing.ApiClient;
import jp.kaigi.testing.TestNode;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The tablet viewer when the chamber's Wi-Fi drops, reload included (docs/ui.md, Offline): the
 * service worker {@code /sw.js} brings the app back from its shell cache, the app carries on as the
 * last user with the packet offline.js kept, says so, and is itself again once the network is back.
 * The outage is real: the tablet reaches the node through a {@link WifiProxy} that the test cuts.
 */
@Timeout(300)
@DisplayName("the offline app shell in Chromium")
class OfflineShellIT {
  /**
   * What Chromium logs for requests made while offline (the session check, the socket): a
   * connection reset as soon as it is made is one of these, depending on when the reset arrives.
   */
  static final Pattern OFFLINE_ERRORS =
      Pattern.compile(
          "net::ERR_(SOCKET_NOT_CONNECTED|CONNECTION_RESET|CONNECTION_CLOSED|EMPTY_RESPONSE)"
              + "|WebSocket|Failed to fetch");

  @RegisterExtension
  static final ViewerNode viewer = new ViewerNode(Map.of("KAIGI_DEMO_DOCUMENTS", "true"));

  @Test
  @DisplayName(
      "a member reloads offline and reads the kept packet with a notice; online again it loads"
          + " fresh; another user sees nothing of it")
  void reloadOffline() throws Exception {
    long meetingId = BrowserSession.demoMeetingId(viewer.node());
    long docId = demoAgendaId(meetingId);
    String viewerPath = "/meetings/" + meetingId + "/documents/" + docId;

    try (WifiProxy wifi = WifiProxy.to(viewer.node().port());
        BrowserSession.Tablet tablet =
            viewer.browsers().new Tablet(viewer.node(), wifi.baseUrl())) {
      Page page = tablet.page;
      tablet.expectConsoleErrors(OFFLINE_ERRORS);
      tablet.logInAs("member1");
      tablet.go(viewerPath);
      tablet.waitForRenderedPage(1, 6);
      // The shell is installed once the worker controls the page (it activates after copying).
      page.waitForFunction("() => navigator.serviceWorker.controller !== null");
      Awaitility.await("the packet is kept")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  Boolean.TRUE.equals(
                      page.evaluate(
                          "async id => !!(await (await caches.open('kaigi-meeting-' + id))"
                              + ".match('/offline/packet.json'))",
                          String.valueOf(meetingId))));
      @SuppressWarnings("unchecked")
      List<String> shellKeys =
          (List<String>)
              page.evaluate(
                  "async () => { const out = []; for (const n of await caches.keys()) {"
                      + " if (n.startsWith('kaigi-shell-')) { for (const r of await (await"
                      + " caches.open(n)).keys()) { out.push(new URL(r.url).pathname); } } }"
                      + " return out; }");
      Assertions.assertThat(shellKeys)
          .as("the shell cache: the app and PDF.js, never an API answer")
          .contains("/", "/js/app.js", "/js/views/viewer.js", "/css/app.css")
          .anyMatch(p -> p.endsWith("/build/pdf.worker.mjs"))
          .noneMatch(p -> p.startsWith("/api/"))
          .noneMatch(p -> p.startsWith("/office/"));

      // ---- the Wi-Fi drops and the tablet reloads ----
      wifi.cut();
      Response reloaded = page.reload();
      Assertions.assertThat(reloaded.fromServiceWorker()).as("page from the shell").isTrue();
      Assertions.assertThat(
              page.evaluate("() => fetch('/health').then(() => 'reached', () => 'offline')"))
          .as("the server is out of reach")
          .isEqualTo("offline");
      Locator banner = page.getByTestId("offline-banner");
      assertThat(banner).containsText("オフラインです");
      assertThat(banner).containsText("この端末に保存した資料だけを読めます");
      assertThat(page.getByTestId("current-user")).containsText("委員 鈴木 次郎");
      assertThat(page.getByTestId("logout")).hasCount(0);
      assertThat(page.getByTestId("sync-banner")).hasAttribute("data-state", "kept");
      tablet.waitForRenderedPage(1, 6);
      Assertions.assertThat(tablet.inkedPixels()).as("ink on page 1 offline").isGreaterThan(2_000);
      assertThat(page.getByTestId("thumbnails").locator(".thumb")).hasCount(6);
      assertThat(page.getByTestId("thumbnails").locator("img")).hasCount(0);
      // The viewer sits below the header and its notice, not under them.
      assertBelow(page.getByTestId("offline-banner"), page.getByTestId("viewer"));
      tablet.screenshot("offline-viewer.png");
      page.getByTestId("next-page").click();
      tablet.waitForRenderedPage(2, 6);
      Assertions.assertThat(tablet.inkedPixels()).as("ink on page 2 offline").isGreaterThan(2_000);

      // The meetings list offline: what this tablet keeps for this member.
      tablet.go("/meetings");
      Locator saved = page.getByTestId("saved-meeting");
      assertThat(saved).hasCount(1);
      assertThat(saved).containsText(DemoData.MEETING_TITLE);
      assertThat(saved.getByTestId("saved-doc")).containsText(DemoData.AGENDA_TITLE);
      assertThat(saved.getByTestId("saved-doc")).containsText("6ページ");
      tablet.screenshot("offline-saved-list.png");
      // Screens that need the server say so.
      tablet.go("/search");
      assertThat(page.getByText("この画面はオフラインでは表示できません。")).isVisible();
      // A path that is no screen at all is not found, offline as online.
      tablet.go("/no-such-screen");
      assertThat(page.getByText("ページが見つかりません。")).isVisible();
      tablet.go("/meetings");
      saved.getByTestId("saved-doc").click();
      tablet.waitForRenderedPage(1, 6);

      // English too.
      page.getByTestId("lang-switch").click();
      assertThat(banner).containsText("Offline");
      assertThat(banner).containsText("Only documents saved on this tablet can be read");
      assertThat(page.getByTestId("page-counter")).hasText("1 / 6");
      assertThat(page.locator("canvas[data-rendered='true'][data-page='1']")).hasCount(1);
      tablet.screenshot("offline-viewer-en.png");
      page.getByTestId("lang-switch").click();
      assertThat(banner).containsText("オフラインです");

      // ---- the network is back: the app is itself again, without a reload (it asks again after
      // 2, 4, 8, then every 15 s; the browser never said it was offline, so no 'online' event) ----
      wifi.up();
      assertThat(banner).hasCount(0);
      assertThat(page.getByTestId("logout")).isVisible();
      assertThat(page.getByTestId("sync-banner")).not().hasAttribute("data-state", "kept");
      // ---- and a fresh load works ----
      Response fresh = page.reload();
      Assertions.assertThat(fresh.ok()).isTrue();
      tablet.waitForRenderedPage(1, 6);
      assertThat(page.getByTestId("offline-banner")).hasCount(0);
      assertThat(page.getByTestId("thumbnails").locator("img")).hasCount(6);
      assertThat(page.getByTestId("sync-banner"))
          .hasAttribute("data-state", Pattern.compile("connecting|following|free"));
      Assertions.assertThat(
              page.evaluate("() => fetch('/api/v1/me').then(r => r.status, () => 'offline')"))
          .isEqualTo(200);

      // ---- a worker that activates deletes other shells, not the kept packet ----
      List<String> before = shellCaches(page);
      Assertions.assertThat(before).hasSize(1);
      page.evaluate(
          "async () => { await (await navigator.serviceWorker.getRegistration()).unregister();"
              + " await caches.open('kaigi-shell-0000000000000old'); }");
      Assertions.assertThat(shellCaches(page)).hasSize(2);
      page.reload();
      page.waitForFunction("() => navigator.serviceWorker.controller !== null");
      Assertions.assertThat(shellCaches(page)).as("only this version's shell").isEqualTo(before);
      Assertions.assertThat(
              page.evaluate("id => caches.has('kaigi-meeting-' + id)", String.valueOf(meetingId)))
          .as("the meeting packet outlives old shells")
          .isEqualTo(true);

      // ---- another member on the same tablet sees nothing of member1's packet ----
      page.getByTestId("logout").click();
      assertThat(page.getByLabel("ログインID")).isVisible();
      page.getByLabel("ログインID").fill("member2");
      page.getByLabel("パスワード", new Page.GetByLabelOptions().setExact(true)).fill(DemoData.PASSWORD);
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("ログイン").setExact(true))
          .click();
      assertThat(page.getByTestId("current-user")).containsText("委員 田中 美和");
      // offline.js gives a packet only to the user it was fetched for.
      Assertions.assertThat(
              page.evaluate(
                  "async ([m, u1, u2] ) => { const o = await import('/js/offline.js');"
                      + " return [!!(await o.offlinePacket(m, u1)), !!(await o.offlinePacket(m,"
                      + " u2)), (await o.offlinePackets(u2)).length]; }",
                  List.of(String.valueOf(meetingId), userId("member1"), userId("member2"))))
          .isEqualTo(List.of(true, false, 0));
      wifi.cut();
      tablet.go("/meetings");
      page.reload();
      assertThat(page.getByTestId("offline-banner")).isVisible();
      assertThat(page.getByTestId("current-user")).containsText("委員 田中 美和");
      assertThat(page.getByText("この端末に保存した資料はありません。")).isVisible();
      assertThat(page.getByTestId("saved-meeting")).hasCount(0);
      tablet.go(viewerPath);
      assertThat(page.getByRole(AriaRole.ALERT)).containsText("サーバーに接続できません");
      assertThat(page.locator("canvas[data-rendered='true']")).hasCount(0);
      tablet.screenshot("offline-other-user.png");
      wifi.up();
      tablet.checkStayedHome();
    }
  }

  @Test
  @DisplayName(
      "a reload while the Wi-Fi hangs (nothing answered, nothing refused) waits a few seconds for"
          + " the page, then the shell answers it and, at once, the app's files")
  void reloadWhileTheWifiHangs() throws Exception {
    try (WifiProxy wifi = WifiProxy.to(viewer.node().port());
        BrowserSession.Tablet tablet =
            viewer.browsers().new Tablet(viewer.node(), wifi.baseUrl())) {
      Page page = tablet.page;
      tablet.expectConsoleErrors(OFFLINE_ERRORS);
      tablet.logInAs("member1");
      page.waitForFunction("() => navigator.serviceWorker.controller !== null");

      wifi.blackhole();
      // Without a timeout of its own the worker would wait for the browser's (minutes).
      Response reloaded = page.reload(new Page.ReloadOptions().setTimeout(20_000));
      Assertions.assertThat(reloaded.fromServiceWorker()).as("page from the shell").isTrue();
      // app.js ran: its header's brand is a link (index.html's is not).
      assertThat(page.locator("#app-header a.app-header__brand")).hasCount(1);
      Assertions.assertThat(wifi.unanswered())
          .as("the network was asked for the page, then for none of the app's files")
          .contains("/")
          .doesNotContain("/js/app.js", "/js/api.js", "/css/app.css");
      // GET /me hangs too: after its own timeout the app starts as the last user, offline.
      assertThat(page.getByTestId("offline-banner"))
          .containsText("オフラインです", new LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
      assertThat(page.getByTestId("current-user")).containsText("委員 鈴木 次郎");
      Assertions.assertThat(wifi.unanswered())
          .as("GET /me was asked of the network")
          .contains("/api/v1/me");

      // ---- the Wi-Fi is back ----
      wifi.up();
      assertThat(page.getByTestId("logout")).isVisible();
      tablet.checkStayedHome();
    }
  }

  @Test
  @DisplayName(
      "after a short Wi-Fi drop the app is itself again within seconds, not at a 15 s retry (a cut"
          + " Wi-Fi fires no 'online' event)")
  void shortDropIsOverWithinSeconds() throws Exception {
    try (WifiProxy wifi = WifiProxy.to(viewer.node().port());
        BrowserSession.Tablet tablet =
            viewer.browsers().new Tablet(viewer.node(), wifi.baseUrl())) {
      Page page = tablet.page;
      tablet.expectConsoleErrors(OFFLINE_ERRORS);
      tablet.logInAs("member1");
      page.waitForFunction("() => navigator.serviceWorker.controller !== null");

      wifi.cut();
      page.reload();
      assertThat(page.getByTestId("offline-banner")).isVisible();
      wifi.up();
      // The first tries come 2 s, then 4 s after the offline start: a fixed 15 s retry fails this.
      Awaitility.await("the app is online again")
          .atMost(Duration.ofSeconds(8))
          .pollInSameThread()
          .pollInterval(Duration.ofMillis(100))
          .until(() -> page.getByTestId("logout").isVisible());
      assertThat(page.getByTestId("offline-banner")).hasCount(0);
      tablet.checkStayedHome();
    }
  }

  @Test
  @DisplayName(
      "a 差し替え and a withdrawal while the viewer stays open reach the kept packet (after a short"
          + " random wait); offline the new version is what the viewer shows")
  void packetFollowsDocumentEventsWhileTheViewerStaysOpen() throws Exception {
    TestNode node = viewer.node();
    TwoDocuments docs = twoDocuments("開いたままの差し替えテスト", "会議中に");
    long meetingId = docs.meetingId();
    long replacedId = docs.replacedId();

    try (WifiProxy wifi = WifiProxy.to(node.port());
        BrowserSession.Tablet tablet = viewer.browsers().new Tablet(node, wifi.baseUrl())) {
      Page page = tablet.page;
      openKept(tablet, docs);
      // The refresh waits at most 1 s here instead of 30 s (the module the app runs is this one).
      page.evaluate("async () => (await import('/js/offline.js')).setRefreshSpread(1000)");

      NewVersion replaced = replaceAndWithdraw(docs);
      int version = replaced.version();
      int pages = replaced.pages();

      // Still open on the old version: the notice, and the packet follows without a reopening.
      assertThat(page.getByTestId("replaced-notice")).containsText("差し替えられました");
      tablet.waitForRenderedPage(1, 12);
      awaitKept(page, meetingId, Set.of(PACKET, fileUrl(replacedId, version)));
      Assertions.assertThat(
              page.evaluate(
                  "async ([m, u]) => (await (await import('/js/offline.js')).offlinePacket(m, u))"
                      + ".docs.map(d => d.id + '/' + d.current.version)",
                  List.of(String.valueOf(meetingId), userId("member1"))))
          .as("the packet's list")
          .isEqualTo(List.of(replacedId + "/" + version));
      // A further event while a refresh waits joins that wait instead of starting another.
      Assertions.assertThat(
              page.evaluate(
                  "async ([m, u]) => { const o = await import('/js/offline.js');"
                      + " return [o.refreshPacketSoon(m, u), o.refreshPacketSoon(m, u)]; }",
                  List.of(String.valueOf(meetingId), userId("member1"))))
          .isEqualTo(List.of(true, false));

      // The Wi-Fi drops; the member turns to the new version and reads it from the packet.
      wifi.cut();
      page.getByTestId("load-new-version").click();
      tablet.waitForRenderedPage(1, pages);
      Assertions.assertThat(tablet.inkedPixels())
          .as("ink on the new version's page 1 offline")
          .isGreaterThan(2_000);
      wifi.up();
      tablet.checkStayedHome();
    }
  }

  @Test
  @DisplayName(
      "after a 差し替え and a withdrawal, the packet fetched afresh keeps only the current files:"
          + " the old version and the withdrawn document leave the tablet")
  void refreshedPacketDropsWhatItNoLongerLists() throws Exception {
    TestNode node = viewer.node();
    TwoDocuments docs = twoDocuments("差し替え後の持ち出しテスト", "");
    long meetingId = docs.meetingId();
    long replacedId = docs.replacedId();

    try (WifiProxy wifi = WifiProxy.to(node.port());
        BrowserSession.Tablet tablet = viewer.browsers().new Tablet(node, wifi.baseUrl())) {
      Page page = tablet.page;
      openKept(tablet, docs);

      NewVersion replaced = replaceAndWithdraw(docs);
      int version = replaced.version();
      int pages = replaced.pages();

      // The viewer opens again: offline.js fetches the packet afresh.
      page.reload();
      tablet.waitForRenderedPage(1, pages);
      awaitKept(page, meetingId, Set.of(PACKET, fileUrl(replacedId, version)));
      Assertions.assertThat(
              page.evaluate(
                  "async ([m, u]) => (await (await import('/js/offline.js')).offlinePacket(m, u))"
                      + ".docs.map(d => d.id + '/' + d.current.version)",
                  List.of(String.valueOf(meetingId), userId("member1"))))
          .as("the packet's list")
          .isEqualTo(List.of(replacedId + "/" + version));

      // Offline, the new version is what the tablet reads, and all it lists.
      wifi.cut();
      page.reload();
      assertThat(page.getByTestId("offline-banner")).isVisible();
      tablet.waitForRenderedPage(1, pages);
      tablet.go("/meetings");
      assertThat(page.getByTestId("saved-doc")).hasCount(1);
      assertThat(page.getByTestId("saved-doc")).containsText("差し替える資料");
      assertThat(page.getByTestId("saved-doc")).containsText(pages + "ページ");
      wifi.up();
      tablet.checkStayedHome();
    }
  }

  @Test
  @DisplayName(
      "closing a meeting marked for recall (回収) deletes the kept packet on the open viewer, and"
          + " opening its documents online afterwards keeps none")
  void recallDropsThePacketForGood() throws Exception {
    TestNode node = viewer.node();
    BrowserSession browsers = viewer.browsers();
    long meetingId = meetingOfMember1("回収する会議のテスト", true);
    long docId =
        browsers.uploadReady(
            node, meetingId, BrowserSession.corpusFile("higashiomi-dx-plan.pdf"), "回収する資料");
    String viewerPath = "/meetings/" + meetingId + "/documents/" + docId;

    try (BrowserSession.Tablet tablet = browsers.new Tablet(node)) {
      Page page = tablet.page;
      tablet.logInAs("member1");
      tablet.go(viewerPath);
      tablet.waitForRenderedPage(1, 12);
      awaitKept(page, meetingId, Set.of(PACKET, fileUrl(docId, 1)));

      ApiClient clerk = node.login("clerk", DemoData.PASSWORD);
      for (String status : List.of("in_session", "closed")) {
        Assertions.assertThat(
                clerk
                    .put(
                        "/api/v1/meetings/" + meetingId + "/status",
                        new JsonObject().put("status", status))
                    .status())
            .isIn(200, 204);
      }
      assertThat(page.getByText("資料は回収されました")).isVisible();
      Awaitility.await("the recalled packet is deleted")
          .atMost(Duration.ofSeconds(10))
          .until(() -> !hasCache(page, meetingId));

      // The member opens the document again while still online: it shows, and stays off the tablet.
      page.reload();
      tablet.waitForRenderedPage(1, 12);
      Awaitility.await("no packet kept for a recalled meeting")
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10))
          .until(() -> !hasCache(page, meetingId));
    }
  }

  private static boolean hasCache(Page page, long meetingId) {
    return (Boolean)
        page.evaluate("id => caches.has('kaigi-meeting-' + id)", String.valueOf(meetingId));
  }

  /** A meeting of member1's with two documents of 12 pages: one to replace, one to withdraw. */
  private record TwoDocuments(long meetingId, long replacedId, long withdrawnId) {}

  /** The replacement's version number and pages (another file than the 12-page original). */
  private record NewVersion(int version, int pages) {}

  private TwoDocuments twoDocuments(String meetingTitle, String titlePrefix) {
    BrowserSession browsers = viewer.browsers();
    long meetingId = meetingOfMember1(meetingTitle);
    Path pdf = BrowserSession.corpusFile("higashiomi-dx-plan.pdf");
    long replacedId = browsers.uploadReady(viewer.node(), meetingId, pdf, titlePrefix + "差し替える資料");
    long withdrawnId = browsers.uploadReady(viewer.node(), meetingId, pdf, titlePrefix + "取り下げる資料");
    return new TwoDocuments(meetingId, replacedId, withdrawnId);
  }

  /** member1 opens the one to replace in the viewer, which keeps both files offline. */
  private static void openKept(BrowserSession.Tablet tablet, TwoDocuments docs) {
    tablet.expectConsoleErrors(OFFLINE_ERRORS);
    tablet.logInAs("member1");
    tablet.go("/meetings/" + docs.meetingId() + "/documents/" + docs.replacedId());
    tablet.waitForRenderedPage(1, 12);
    awaitKept(
        tablet.page,
        docs.meetingId(),
        Set.of(PACKET, fileUrl(docs.withdrawnId(), 1), fileUrl(docs.replacedId(), 1)));
  }

  /** A clerk's 差し替え of the one and withdrawal of the other. */
  private NewVersion replaceAndWithdraw(TwoDocuments docs) {
    TestNode node = viewer.node();
    int version =
        viewer
            .browsers()
            .replaceReady(
                node, docs.replacedId(), BrowserSession.corpusFile("katagami-dx-plan.pdf"));
    ApiClient clerk = node.login("clerk", DemoData.PASSWORD);
    Assertions.assertThat(
            clerk
                .post("/api/v1/documents/" + docs.withdrawnId() + "/withdraw", new JsonObject())
                .status())
        .isEqualTo(200);
    int pages =
        node.login("member1", DemoData.PASSWORD)
            .get("/api/v1/documents/" + docs.replacedId())
            .json()
            .getJsonObject("current")
            .getInteger("pages");
    Assertions.assertThat(pages).as("the new version is another file").isNotEqualTo(12);
    return new NewVersion(version, pages);
  }

  private long demoAgendaId(long meetingId) {
    var member = viewer.node().login("member1", DemoData.PASSWORD);
    long[] id = new long[1];
    Awaitility.await("demo agenda pack ready")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              JsonArray docs = member.get("/api/v1/meetings/" + meetingId + "/documents").array();
              if (docs.isEmpty()
                  || docs.getJsonObject(0).getJsonObject("current") == null
                  || docs.getJsonObject(0).getJsonObject("current").getInteger("pages") == null) {
                return false;
              }
              id[0] = docs.getJsonObject(0).getLong("id");
              return true;
            });
    return id[0];
  }

  /** The key of the packet's list in a meeting's cache (offline.js). */
  private static final String PACKET = "/offline/packet.json";

  private static String fileUrl(long documentId, int version) {
    return "/api/v1/documents/" + documentId + "/versions/" + version + "/file";
  }

  /** Waits until the meeting's cache holds exactly these paths. */
  @SuppressWarnings("unchecked")
  private static void awaitKept(Page page, long meetingId, Set<String> paths) {
    Awaitility.await("the meeting's cache holds " + paths)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () ->
                Assertions.assertThat(
                        (List<String>)
                            page.evaluate(
                                "async id => (await (await caches.open('kaigi-meeting-' + id))"
                                    + ".keys()).map(r => new URL(r.url).pathname)",
                                String.valueOf(meetingId)))
                    .containsExactlyInAnyOrderElementsOf(paths));
  }

  /** A published meeting of its own with member1 as a member (the demo meeting stays as it is). */
  private long meetingOfMember1(String title) {
    return meetingOfMember1(title, false);
  }

  /** The same, marked for recall (回収) when {@code recall}. */
  private long meetingOfMember1(String title, boolean recall) {
    ApiClient clerk = viewer.node().login("clerk", DemoData.PASSWORD);
    long id =
        clerk
            .post(
                "/api/v1/meetings",
                new JsonObject()
                    .put("title", title)
                    .put("kind", "committee")
                    .put("startsAt", "2026-12-02T10:00:00+09:00")
                    .put("recall", recall))
            .json()
            .getLong("id");
    JsonArray participants =
        new JsonArray()
            .add(new JsonObject().put("userId", userId("member1")).put("role", "member"));
    Assertions.assertThat(
            clerk
                .put(
                    "/api/v1/meetings/" + id + "/participants",
                    new JsonObject().put("participants", participants))
                .status())
        .isEqualTo(200);
    Assertions.assertThat(
            clerk
                .put(
                    "/api/v1/meetings/" + id + "/status",
                    new JsonObject().put("status", "published"))
                .status())
        .isIn(200, 204);
    return id;
  }

  private int userId(String login) {
    return viewer.node().login(login, DemoData.PASSWORD).get("/api/v1/me").json().getInteger("id");
  }

  @SuppressWarnings("unchecked")
  private static List<String> shellCaches(Page page) {
    return (List<String>)
        page.evaluate(
            "async () => (await caches.keys()).filter(n => n.startsWith('kaigi-shell-'))");
  }

  private static void assertBelow(Locator upper, Locator lower) {
    var a = upper.boundingBox();
    var b = lower.boundingBox();
    Assertions.assertThat(b.y)
        .as("top of the lower box")
        .isGreaterThanOrEqualTo(a.y + a.height - 1);
  }
}
