package jp.kaigi.ops.viewer;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.kaigi.KaigiNode;
import jp.kaigi.demo.DemoData;
import jp.kaigi.devices.tablet.TabletSimulator;
import jp.kaigi.testing.TestDatabase;
import jp.kaigi.testing.TestNode;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long the real viewer takes from a page event to its {@code ack} ("page on screen"), run with
 * {@code ops/kaigi bench-viewer-render}: the page-sync benchmark's simulated tablets wait this long
 * (their render time) before they ack. The host is a simulated tablet; the members are the real web
 * app in Chromium on a 1280×800 screen at {@code bench.dpr} (default 2, as on most 10-inch
 * tablets), following the host through the corpus PDFs. The figure is the node's own {@code
 * ackDelayMs} from presence (page written → ack read). A desktop core renders faster than a
 * tablet's, so on a tablet the delay is longer, not shorter.
 */
class ViewerRenderBench {
  private static final List<String> CORPUS =
      List.of("higashiomi-dx-plan.pdf", "toon-digital-master-plan.pdf", "katagami-dx-plan.pdf");

  @TempDir Path dir;

  private record Delay(int round, String document, int page, boolean opened, long millis) {}

  @Test
  void pageOnScreen() throws Exception {
    double dpr = Double.parseDouble(System.getProperty("bench.dpr", "2"));
    int pagesPerDocument = Integer.getInteger("bench.pages", 12);
    int rounds = Integer.getInteger("bench.rounds", 2);
    Vertx vertx = Vertx.vertx();
    try (BrowserSession browsers = BrowserSession.start();
        TestNode node =
            TestNode.start(
                TestDatabase.H2,
                dir,
                KaigiNode.Mode.DEMO,
                Map.of("KAIGI_SYNC_PRESENCE_MS", "50"))) {
      long meeting = BrowserSession.demoMeetingId(node);
      Map<Long, String> titles = new HashMap<>();
      Map<Long, Integer> pageCounts = new HashMap<>();
      for (String name : CORPUS) {
        long id = browsers.uploadReady(node, meeting, BrowserSession.corpusFile(name), name);
        titles.put(id, name);
        pageCounts.put(
            id,
            node.login("clerk", DemoData.PASSWORD)
                .get("/api/v1/documents/" + id)
                .json()
                .getJsonObject("current")
                .getInteger("pages"));
      }
      URI uri = URI.create(node.baseUrl());
      String token =
          TabletSimulator.login(vertx, uri, "chair", DemoData.PASSWORD)
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      TabletSimulator host = new TabletSimulator(vertx, List.of(uri), 0, meeting, false);
      host.start(token).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

      try (BrowserSession.Tablet member = browsers.new Tablet(node, dpr)) {
        member.logInAs("member1");
        member.go("/meetings/" + meeting);
        member.page.getByTestId("open-live").click();
        assertThat(member.page.getByTestId("sync-banner")).hasAttribute("data-state", "following");
        long memberId =
            node.login("member1", DemoData.PASSWORD).get("/api/v1/me").json().getLong("id");

        List<Delay> delays = new ArrayList<>();
        long lastAck = -1;
        for (int round = 0; round < rounds; round++) {
          for (long doc : titles.keySet()) {
            int pages = Math.min(pagesPerDocument, pageCounts.get(doc));
            for (int p = 1; p <= pages; p++) {
              host.sendPage(doc, 1, p);
              int page = p;
              long after = lastAck;
              JsonObject acked;
              try {
                acked =
                    Awaitility.await()
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(20))
                        .until(
                            () -> {
                              Assertions.assertThat(host.lastError()).as("host error").isNull();
                              return participant(host.lastPresence(), memberId);
                            },
                            m ->
                                m != null
                                    && m.getValue("ackSeq") instanceof Number seq
                                    && seq.longValue() > after
                                    && m.getValue("page") instanceof Number at
                                    && at.intValue() == page);
              } catch (RuntimeException e) {
                member.screenshot("viewer-render-fail.png");
                System.out.println(
                    "DEBUG presence "
                        + host.lastPresence()
                        + " joined "
                        + host.lastJoined()
                        + " console "
                        + member.consoleErrors);
                throw e;
              }
              lastAck = acked.getLong("ackSeq");
              // The first page after a switch includes fetching and parsing that PDF; the first
              // round of each document fetches it from the node, later rounds from the cache.
              delays.add(
                  new Delay(round + 1, titles.get(doc), p, p == 1, acked.getLong("ackDelayMs")));
              member.waitForRenderedPage(p, pageCounts.get(doc));
              // A host turns pages every few seconds; half a second keeps the turns apart.
              Thread.sleep(500);
            }
          }
        }
        member.checkStayedHome();
        host.stop();
        report(dpr, delays);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static JsonObject participant(JsonObject presence, long userId) {
    if (presence == null) {
      return null;
    }
    JsonArray list = presence.getJsonArray("participants");
    for (int i = 0; i < list.size(); i++) {
      JsonObject p = list.getJsonObject(i);
      if (p.getLong("userId") == userId) {
        return p;
      }
    }
    return null;
  }

  /**
   * Per round: round 1 turns to pages the viewer has not drawn before (a meeting's usual case),
   * later rounds to pages pdf.js has already parsed.
   */
  private static void report(double dpr, List<Delay> delays) {
    int rounds = delays.stream().mapToInt(Delay::round).max().orElse(0);
    for (int r = 1; r <= rounds; r++) {
      int round = r;
      List<Long> turns =
          delays.stream()
              .filter(d -> d.round() == round && !d.opened())
              .map(Delay::millis)
              .sorted()
              .toList();
      List<Long> opens =
          delays.stream()
              .filter(d -> d.round() == round && d.opened())
              .map(Delay::millis)
              .sorted()
              .toList();
      Assertions.assertThat(turns).isNotEmpty().allMatch(ms -> ms >= 0);
      System.out.printf(
          "viewer-render round=%d dpr=%s turns=%d turn_p10_ms=%d turn_p50_ms=%d turn_p90_ms=%d"
              + " turn_max_ms=%d opens=%d open_p50_ms=%d open_max_ms=%d%n",
          round,
          dpr,
          turns.size(),
          at(turns, 0.10),
          at(turns, 0.50),
          at(turns, 0.90),
          turns.get(turns.size() - 1),
          opens.size(),
          at(opens, 0.50),
          opens.get(opens.size() - 1));
    }
    for (Delay d : delays) {
      System.out.printf(
          "  round %d %s page %d%s: %d ms%n",
          d.round(), d.document(), d.page(), d.opened() ? " (opened)" : "", d.millis());
    }
  }

  private static long at(List<Long> sorted, double q) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
  }
}
