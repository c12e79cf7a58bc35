package jp.kaigi.ops.viewer;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import jp.kaigi.KaigiNode;
import jp.kaigi.devices.sensor.MqttDevice;
import jp.kaigi.devices.sensor.SimDevice;
import jp.kaigi.testing.ApiClient;
import jp.kaigi.testing.FreePort;
import jp.kaigi.testing.TestDatabase;
import jp.kaigi.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The facilities dashboard ({@code /office/}) in real Chromium: it subscribes on the gateway {@code
 * /ws} and a desk sensor's readings, sent through the embedded broker, change the desk's tile
 * without a reload.
 */
@Timeout(180)
@DisplayName("office dashboard in Chromium")
class OfficeDashboardIT {
  @TempDir static Path dataDir;
  static TestNode node;
  static BrowserSession session;
  static String brokerUrl;

  @BeforeAll
  static void start() throws Exception {
    session = BrowserSession.start(); // skips without Chromium
    int mqttPort = FreePort.pick();
    node =
        TestNode.start(
            TestDatabase.H2,
            dataDir,
            KaigiNode.Mode.RUN,
            Map.of("KAIGI_MQTT_ENABLED", "true", "KAIGI_MQTT_PORT", String.valueOf(mqttPort)));
    brokerUrl = "tcp://127.0.0.1:" + mqttPort;
  }

  @AfterAll
  static void stop() throws Exception {
    if (session != null) {
      session.close();
    }
    if (node != null) {
      node.close();
    }
  }

  static SimDevice desk(ApiClient admin, String id, String desk) {
    ApiClient.Response r =
        admin.post(
            "/api/v1/devices",
            new JsonObject()
                .put("id", id)
                .put("type", "desk")
                .put("site", "dx")
                .put("floor", "3F")
                .put("zone", "A")
                .put("desk", desk));
    org.assertj.core.api.Assertions.assertThat(r.status()).as(r.body()).isEqualTo(201);
    return new SimDevice(id, "desk", "dx", r.json().getString("secret"));
  }

  @Test
  @DisplayName("a desk turns occupied and free again live, over /ws")
  void desksUpdateLive() throws Exception {
    ApiClient admin = node.admin();
    SimDevice a = desk(admin, "ui-desk-1", "A-01");
    desk(admin, "ui-desk-2", "A-02");
    Browser browser = session.browser;
    BrowserContext context =
        browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
    List<String> consoleErrors = Collections.synchronizedList(new ArrayList<>());
    List<String> sockets = Collections.synchronizedList(new ArrayList<>());
    try (MqttDevice m = new MqttDevice(brokerUrl, a)) {
      Page page = context.newPage();
      page.onConsoleMessage(
          msg -> {
            if ("error".equals(msg.type())) {
              consoleErrors.add(msg.text());
            }
          });
      page.onWebSocket(ws -> sockets.add(ws.url()));
      List<String> failed = Collections.synchronizedList(new ArrayList<>());
      page.onResponse(
          r -> {
            if (r.status() >= 400) {
              failed.add(r.status() + " " + java.net.URI.create(r.url()).getPath());
            }
          });
      page.navigate(node.baseUrl() + "/office/");
      page.locator("#login-form input[name=login]").fill("admin");
      page.locator("#login-form input[name=password]").fill(TestNode.ADMIN_PASSWORD);
      page.locator("#login-form button").click();
      assertThat(page.locator("#status")).hasClass(java.util.regex.Pattern.compile("live"));
      m.connect();
      m.publish("{\"occupied\":true}");
      assertThat(page.locator(".desk.occupied")).hasText("A-01");
      assertThat(page.locator("#n-occupied")).hasText("1");
      page.screenshot(
          new Page.ScreenshotOptions()
              .setPath(BrowserSession.SCREENSHOTS.resolve("office-dashboard-live.png")));
      m.publish("{\"occupied\":false}");
      assertThat(page.locator(".desk.occupied")).hasCount(0);
      assertThat(page.locator("#n-free")).hasText("1");
      org.assertj.core.api.Assertions.assertThat(sockets)
          .allMatch(u -> u.endsWith("/ws"))
          .isNotEmpty();
      // before logging in, /api/v1/me says 401 (that is how the page knows to show the form)
      org.assertj.core.api.Assertions.assertThat(failed)
          .allMatch(f -> f.equals("401 /api/v1/me") || f.equals("404 /favicon.ico"));
      // Chromium logs those, and its own /favicon.ico request (which page events do not show)
      org.assertj.core.api.Assertions.assertThat(consoleErrors)
          .allMatch(
              e ->
                  e.startsWith("Failed to load resource: the server responded with a status of 40")
                      && (e.contains("401") || e.contains("404")));
    } finally {
      context.close();
    }
  }
}
