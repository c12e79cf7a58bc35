package jp.kaigi.ops.sync;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import jp.kaigi.KaigiNode;
import jp.kaigi.demo.DemoData;
import jp.kaigi.testing.Requirements;
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
 * Real Chromium, two browser contexts (host and member), each logged in with the session cookie:
 * the host turns the page, the member's page follows. The page under test is a minimal sync client
 * served on the node's own origin (through Playwright routing), so the browser's real WebSocket,
 * cookie and Origin header meet the real gateway.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class BrowserPageSyncIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final String CLIENT =
      """
      <!doctype html><html lang="ja"><meta charset="utf-8"><title>sync</title>
      <body><p>page <span id="page">-</span> <span id="status">connecting</span></p>
      <button id="next">次へ</button>
      <script>
        const meeting = Number(new URLSearchParams(location.search).get('meeting'));
        const doc = Number(new URLSearchParams(location.search).get('document'));
        const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
        let current = 0;
        ws.onopen = () => ws.send(JSON.stringify({type: 'join', meeting}));
        ws.onclose = e => document.getElementById('status').textContent = 'closed ' + e.code;
        ws.onmessage = e => {
          const f = JSON.parse(e.data);
          if (f.type === 'joined') {
            document.getElementById('status').textContent = 'joined';
            current = f.state.page || 0;
          } else if (f.type === 'page') {
            current = f.page;
            ws.send(JSON.stringify({type: 'ack', meeting, seq: f.seq, page: f.page}));
          } else { return; }
          document.getElementById('page').textContent = String(current);
        };
        document.getElementById('next').onclick = () =>
          ws.send(JSON.stringify({type: 'page', meeting, document: doc, version: 1, page: current + 1}));
      </script></body></html>
      """;

  @TempDir static Path dir;
  private TestNode node;
  private Playwright playwright;
  private Browser browser;

  @BeforeAll
  void start() {
    Requirements.require(Files.isExecutable(CHROMIUM), "Chromium (/usr/bin/chromium)");
    node = TestNode.start(TestDatabase.H2, dir, KaigiNode.Mode.DEMO, Map.of());
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM)
                    .setHeadless(true)
                    // A routed (fulfilled) page has no IP address, so Chromium counts it as public
                    // and blocks its WebSocket to loopback; the real viewer is served by the node.
                    .setArgs(java.util.List.of("--disable-features=LocalNetworkAccessChecks")));
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
    if (node != null) {
      node.close();
    }
  }

  private Page open(String login, long meeting, long document) {
    BrowserContext ctx = browser.newContext();
    var r =
        ctx.request()
            .post(
                node.baseUrl() + "/api/v1/session",
                RequestOptions.create()
                    .setData(
                        new JsonObject()
                            .put("login", login)
                            .put("password", DemoData.PASSWORD)
                            .encode())
                    .setHeader("Content-Type", "application/json"));
    org.assertj.core.api.Assertions.assertThat(r.status()).isEqualTo(200);
    ctx.route(
        node.baseUrl() + "/sync-test.html*",
        route ->
            route.fulfill(
                new Route.FulfillOptions()
                    .setContentType("text/html; charset=utf-8")
                    .setBody(CLIENT)));
    Page page = ctx.newPage();
    page.onConsoleMessage(m -> System.out.println("browser console: " + m.text()));
    page.onWebSocket(
        ws -> {
          ws.onSocketError(e -> System.out.println("browser ws error: " + e));
          ws.onClose(w -> System.out.println("browser ws closed"));
        });
    page.navigate(node.baseUrl() + "/sync-test.html?meeting=" + meeting + "&document=" + document);
    assertThat(page.locator("#status")).hasText("joined");
    return page;
  }

  @Test
  @DisplayName("the host turns the page in one browser, the member's page follows in the other")
  void memberFollowsHost() {
    long meeting =
        node.login("chair", DemoData.PASSWORD)
            .get("/api/v1/meetings")
            .array()
            .getJsonObject(0)
            .getLong("id");
    long document =
        TestDocuments.uploadReady(
                node.login("clerk", DemoData.PASSWORD), meeting, "議案", 5, java.util.Map.of())
            .getLong("id");
    Page host = open("chair", meeting, document);
    Page member = open("member1", meeting, document);
    for (int i = 1; i <= 3; i++) {
      host.locator("#next").click();
      assertThat(host.locator("#page")).hasText(String.valueOf(i));
      assertThat(member.locator("#page")).hasText(String.valueOf(i));
    }
  }
}
