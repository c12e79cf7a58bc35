package jp.kaigi.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jp.kaigi.demo.DemoData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * After writing a page to its tablets, an event loop reads them again only after {@code
 * KAIGI_SYNC_READ_PAUSE_MS} (here long enough to see): what they sent meanwhile is answered late
 * but never lost, and the host is never paused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ReadPauseIT {
  static final long PAUSE_MS = 3000;
  // all on the node's one event loop, and enough of them to be paused
  static final int TABLETS = ReadPause.MIN_CONNECTIONS + 8;

  @TempDir static Path dir;
  OneLoopMeeting m;
  long memberId;

  @BeforeAll
  void start() {
    m =
        new OneLoopMeeting(
            dir,
            Map.of(
                "KAIGI_SYNC_READ_PAUSE_MS",
                String.valueOf(PAUSE_MS),
                "KAIGI_SYNC_PRESENCE_MS",
                "200"));
    memberId = m.node.login("member1", DemoData.PASSWORD).get("/api/v1/me").json().getLong("id");
  }

  @AfterAll
  void stop() throws Exception {
    m.close();
  }

  @Test
  @DisplayName("tablets are read again after the pause; the host at once; nothing is lost")
  void tabletsReadAfterThePause() {
    List<WsClient> tablets = List.of();
    try (WsClient host = m.joined("chair")) {
      tablets = m.joined("member1", TABLETS);
      long sent = System.nanoTime();
      host.send(m.page(2));
      for (int i = 0; i < TABLETS; i++) {
        JsonObject p = tablets.get(i).next(SyncGatewayIT.pageFrame(2), Duration.ofSeconds(10));
        tablets
            .get(i)
            .send(
                new JsonObject()
                    .put("type", "ack")
                    .put("meeting", m.meeting)
                    .put("seq", p.getLong("seq"))
                    .put("page", 2))
            .send(new JsonObject().put("type", "ping").put("id", i));
      }
      // The host is read at once while the tablets wait: its next page and its presence request
      // are served before any tablet's ping is answered.
      host.send(m.page(3));
      host.send(new JsonObject().put("type", "presence").put("meeting", m.meeting));
      host.next("presence");
      for (WsClient t : tablets) {
        t.next(SyncGatewayIT.pageFrame(3), Duration.ofSeconds(10));
        assertThat(t.seenOf("pong")).as("a ping answered during the pause").isEmpty();
      }
      // Then every ping is answered, no sooner than the pause allows, and every ack counted.
      for (int i = 0; i < TABLETS; i++) {
        JsonObject pong = tablets.get(i).next("pong");
        assertThat(pong.getInteger("id")).isEqualTo(i);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - sent))
          .isGreaterThan(Duration.ofMillis(PAUSE_MS));
      JsonObject presence =
          host.next(
              f ->
                  "presence".equals(f.getString("type"))
                      && SyncGatewayIT.row(f, memberId) != null
                      && Integer.valueOf(2)
                          .equals(SyncGatewayIT.row(f, memberId).getInteger("page")),
              Duration.ofSeconds(10));
      assertThat(SyncGatewayIT.row(presence, memberId).getBoolean("connected")).isTrue();
    } finally {
      tablets.forEach(WsClient::close);
    }
  }
}
