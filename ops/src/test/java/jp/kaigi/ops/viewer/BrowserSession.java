package jp.kaigi.ops.viewer;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.APIRequest;
import com.microsoft.playwright.APIRequestContext;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import jp.kaigi.demo.DemoData;
import jp.kaigi.testing.ApiClient;
import jp.kaigi.testing.Requirements;
import jp.kaigi.testing.TestNode;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;

/**
 * Shared set-up of the browser tests: Debian Chromium launched once (no browser download), one
 * context per user (1280×800 tablet), and the checks every page must pass: every request goes to
 * the node, no console error, no CSP violation.
 */
final class BrowserSession implements AutoCloseable {
  static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  static final Path SCREENSHOTS = Paths.get("target", "screenshots");

  final Playwright playwright;
  final Browser browser;

  private BrowserSession(Playwright playwright, Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  static BrowserSession start() throws Exception {
    Requirements.require(Files.isExecutable(CHROMIUM), "Chromium (/usr/bin/chromium)");
    Playwright playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    Browser browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM)
                    .setHeadless(true)
                    .setArgs(
                        List.of(
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-quic",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync")));
    Files.createDirectories(SCREENSHOTS);
    PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
    return new BrowserSession(playwright, browser);
  }

  static Path corpusFile(String name) {
    return jp.kaigi.testing.Corpus.file(name);
  }

  static long demoMeetingId(TestNode node) {
    JsonArray meetings = node.login("clerk", DemoData.PASSWORD).get("/api/v1/meetings").array();
    for (int i = 0; i < meetings.size(); i++) {
      JsonObject m = meetings.getJsonObject(i);
      if (DemoData.MEETING_TITLE.equals(m.getString("title"))) {
        return m.getLong("id");
      }
    }
    throw new AssertionError("no demo meeting");
  }

  /** Uploads a file as the clerk through the REST API and waits until it is ready; its id. */
  long uploadReady(TestNode node, long meetingId, Path file, String title) {
    ApiClient clerk = node.login("clerk", DemoData.PASSWORD);
    APIRequestContext request =
        playwright
            .request()
            .newContext(
                new APIRequest.NewContextOptions()
                    .setBaseURL(node.baseUrl())
                    .setExtraHTTPHeaders(Map.of("Authorization", "Bearer " + clerk.token())));
    try {
      APIResponse r =
          request.post(
              "/api/v1/meetings/" + meetingId + "/documents",
              RequestOptions.create()
                  .setMultipart(FormData.create().set("file", file).set("title", title)));
      Assertions.assertThat(r.status()).as(r.text()).isEqualTo(202);
      long id = new JsonObject(r.text()).getLong("id");
      Awaitility.await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(300))
          .until(
              () ->
                  "ready".equals(clerk.get("/api/v1/documents/" + id).json().getString("status")));
      return id;
    } finally {
      request.dispose();
    }
  }

  /** Replaces (差し替え) a document's file as the clerk and waits for the new version; its number. */
  int replaceReady(TestNode node, long documentId, Path file) {
    ApiClient clerk = node.login("clerk", DemoData.PASSWORD);
    APIRequestContext request =
        playwright
            .request()
            .newContext(
                new APIRequest.NewContextOptions()
                    .setBaseURL(node.baseUrl())
                    .setExtraHTTPHeaders(Map.of("Authorization", "Bearer " + clerk.token())));
    try {
      int before = clerk.get("/api/v1/documents/" + documentId).json().getInteger("currentVersion");
      APIResponse r =
          request.put(
              "/api/v1/documents/" + documentId + "/file",
              RequestOptions.create().setMultipart(FormData.create().set("file", file)));
      Assertions.assertThat(r.status()).as(r.text()).isEqualTo(202);
      Awaitility.await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(300))
          .until(
              () ->
                  clerk.get("/api/v1/documents/" + documentId).json().getInteger("currentVersion")
                      > before);
      return before + 1;
    } finally {
      request.dispose();
    }
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }

  /** One user's tablet: a browser context with the page-stays-home checks. */
  /**
   * A 10-inch tablet's browser context (1280×800, Japanese, Tokyo time) whose page logs every CSP
   * violation as a console error, which the tests' console checks then catch.
   */
  static BrowserContext tabletContext(Browser browser, double deviceScaleFactor) {
    BrowserContext context =
        browser.newContext(
            new Browser.NewContextOptions()
                .setViewportSize(1280, 800)
                .setDeviceScaleFactor(deviceScaleFactor)
                .setLocale("ja-JP")
                .setTimezoneId("Asia/Tokyo"));
    context.addInitScript(
        "document.addEventListener('securitypolicyviolation', e =>"
            + " console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));");
    return context;
  }

  final class Tablet implements AutoCloseable {
    final BrowserContext context;
    final Page page;
    final TestNode node;

    /** Where the browser goes: the node, or a proxy in front of it (e.g. {@link WifiProxy}). */
    final String baseUrl;

    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    final List<String> consoleErrors = Collections.synchronizedList(new ArrayList<>());
    java.util.regex.Pattern expected;

    Tablet(TestNode node) {
      this(node, 1);
    }

    /** A tablet whose screen has {@code deviceScaleFactor} pixels per CSS pixel (2 on most). */
    Tablet(TestNode node, double deviceScaleFactor) {
      this(node, node.baseUrl(), deviceScaleFactor);
    }

    /** A tablet that reaches the node at {@code baseUrl} (through a proxy). */
    Tablet(TestNode node, String baseUrl) {
      this(node, baseUrl, 1);
    }

    private Tablet(TestNode node, String baseUrl, double deviceScaleFactor) {
      this.node = node;
      this.baseUrl = baseUrl;
      context = tabletContext(browser, deviceScaleFactor);
      page = context.newPage();
      page.onRequest(r -> requests.add(r.url()));
      page.onConsoleMessage(
          m -> {
            if ("error".equals(m.type())) {
              consoleErrors.add(m.text());
            }
          });
      page.onPageError(e -> consoleErrors.add("page error: " + e));
    }

    Tablet logInAs(String login) {
      page.navigate(baseUrl + "/");
      page.getByLabel("ログインID").fill(login);
      page.getByLabel("パスワード", new Page.GetByLabelOptions().setExact(true)).fill(DemoData.PASSWORD);
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("ログイン").setExact(true))
          .click();
      assertThat(page.getByTestId("current-user")).isVisible();
      return this;
    }

    /** Console errors this test causes on purpose (e.g. a refused upload's HTTP status). */
    void expectConsoleErrors(java.util.regex.Pattern pattern) {
      expected = pattern;
    }

    void go(String hashPath) {
      page.navigate(baseUrl + "/#" + hashPath);
    }

    void screenshot(String name) {
      page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name)));
    }

    /** A screenshot of one element (e.g. a section below the fold). */
    void shot(com.microsoft.playwright.Locator locator, String name) {
      locator.screenshot(
          new com.microsoft.playwright.Locator.ScreenshotOptions()
              .setPath(SCREENSHOTS.resolve(name)));
    }

    /** Waits until the viewer shows this page, drawn. */
    void waitForRenderedPage(int pageNo, int total) {
      assertThat(page.getByTestId("page-counter")).hasText(pageNo + " / " + total);
      assertThat(page.locator("canvas[data-rendered='true'][data-page='" + pageNo + "']"))
          .hasCount(1);
    }

    /** How many pixels of the rendered page are not white (a blank canvas has none). */
    long inkedPixels() {
      Object n =
          page.evaluate(
              "() => { const c = document.querySelector(\"canvas[data-rendered='true']\");"
                  + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                  + " let n = 0; for (let i = 0; i < d.length; i += 4) {"
                  + " if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) n++; } return n; }");
      return ((Number) n).longValue();
    }

    /** Every request went to the node (its base URL); no console error, no CSP violation. */
    void checkStayedHome() {
      Assertions.assertThat(requests).isNotEmpty().allMatch(url -> url.startsWith(baseUrl + "/"));
      Assertions.assertThat(
              consoleErrors.stream()
                  .filter(e -> expected == null || !expected.matcher(e).find())
                  .toList())
          .as("console errors")
          .isEmpty();
    }

    @Override
    public void close() {
      context.close();
    }
  }
}
