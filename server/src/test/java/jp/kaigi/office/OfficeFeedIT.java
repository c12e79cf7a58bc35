package jp.kaigi.office;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import jp.kaigi.KaigiNode;
import jp.kaigi.devices.sensor.MqttDevice;
import jp.kaigi.devices.sensor.SimDevice;
import jp.kaigi.testing.ApiClient;
import jp.kaigi.testing.ApiClient.Response;
import jp.kaigi.testing.FreePort;
import jp.kaigi.testing.TestDatabase;
import jp.kaigi.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live office feed on the gateway {@code /ws} ({@code office.*} message types) with the
 * embedded broker: snapshot and coalesced updates of one floor, roles, error frames that leave the
 * connection open, and the per-client update rate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class OfficeFeedIT {
  static final String PW = "feed-test-password-1";
  static final int MAX_RATE = 2;

  @TempDir static Path dataDir;
  TestNode node;
  ApiClient admin;
  String brokerUrl;
  SimDevice desk3;
  SimDevice room3;
  SimDevice desk4;

  @BeforeAll
  void start() {
    int mqttPort = FreePort.pick();
    node =
        TestNode.start(
            TestDatabase.H2,
            dataDir,
            KaigiNode.Mode.RUN,
            Map.of(
                "KAIGI_MQTT_ENABLED", "true",
                "KAIGI_MQTT_PORT", String.valueOf(mqttPort),
                "KAIGI_OFFICE_FEED_MAX_RATE", String.valueOf(MAX_RATE)));
    admin = node.admin();
    brokerUrl = "tcp://127.0.0.1:" + mqttPort;
    desk3 =
        register("f-desk-3", "desk", "3F", new JsonObject().put("zone", "A").put("desk", "A-1"));
    room3 = register("f-room-3", "room", "3F", new JsonObject().put("room", "R1"));
    desk4 =
        register("f-desk-4", "desk", "4F", new JsonObject().put("zone", "B").put("desk", "B-1"));
    // registered, never reports: the dashboard must still show it (offline)
    register("f-desk-silent", "desk", "3F", new JsonObject().put("zone", "A").put("desk", "A-9"));
    admin.createUser("f-member", PW, "member");
    admin.createUser("f-facilities", PW, "facilities");
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  SimDevice register(String id, String type, String floor, JsonObject extra) {
    Response r =
        admin.post(
            "/api/v1/devices",
            extra.copy().put("id", id).put("type", type).put("site", "dx").put("floor", floor));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return new SimDevice(id, type, "dx", r.json().getString("secret"));
  }

  FeedSocket socket(String login) throws Exception {
    return new FeedSocket(node.port(), node.login(login, PW).token());
  }

  static JsonObject subscribe(String floor) {
    return new JsonObject().put("type", "office.subscribe").put("site", "dx").put("floor", floor);
  }

  static boolean updateHas(JsonObject f, String id, String fragment) {
    if (!"office.update".equals(f.getString("type"))) {
      return false;
    }
    for (Object o : f.getJsonArray("devices")) {
      JsonObject d = (JsonObject) o;
      if (id.equals(d.getString("id", d.getString("deviceId"))) && d.encode().contains(fragment)) {
        return true;
      }
    }
    return false;
  }

  @Test
  @DisplayName("the /ws/office path is gone and /ws refuses a socket without a session")
  void loginRequired() {
    assertThatThrownBy(() -> new FeedSocket(node.port(), null))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class);
    Response old = admin.get("/ws/office");
    assertThat(old.status()).isEqualTo(404);
  }

  @Test
  @DisplayName(
      "facilities subscribe to a floor on /ws: a snapshot, then coalesced updates of that floor"
          + " only, and alerts")
  void floorFeed() throws Exception {
    try (FeedSocket ws = socket("f-facilities");
        MqttDevice d3 = new MqttDevice(brokerUrl, desk3);
        MqttDevice d4 = new MqttDevice(brokerUrl, desk4);
        MqttDevice r3 = new MqttDevice(brokerUrl, room3)) {
      d3.connect();
      d4.connect();
      r3.connect();
      ws.send(subscribe("3F"));
      JsonObject snap = ws.next("office.snapshot");
      assertThat(snap.getString("site")).isEqualTo("dx");
      assertThat(snap.getString("floor")).isEqualTo("3F");
      assertThat(snap.getString("view")).isEqualTo("full");
      JsonObject silent =
          snap.getJsonArray("devices").stream()
              .map(JsonObject.class::cast)
              .filter(d -> "f-desk-silent".equals(d.getString("id")))
              .findFirst()
              .orElseThrow();
      assertThat(silent.getBoolean("online")).isFalse();
      assertThat(silent.getString("desk")).isEqualTo("A-9");
      d4.publish("{\"occupied\":true}");
      d3.publish("{\"occupied\":true}");
      d3.publish("{\"occupied\":false,\"battery\":90}");
      r3.publish("{\"co2\":650,\"count\":3}");
      // both changes arrive, in one frame or two, each device with its full state
      boolean[] seen = new boolean[2];
      ws.until(
          f -> {
            if (updateHas(f, "f-desk-3", "\"occupied\":false")) {
              assertThat(f.encode()).contains("\"readings\"");
              seen[0] = true;
            }
            seen[1] |= updateHas(f, "f-room-3", "\"co2\":650");
            return seen[0] && seen[1];
          },
          Duration.ofSeconds(10));
      // the 4F desk went first, so by now it would have arrived; and it never does
      d4.publish("{\"occupied\":false}");
      List<FeedSocket.Frame> later = ws.drain(Duration.ofMillis(1500));
      assertThat(later).noneMatch(f -> f.json().encode().contains("f-desk-4"));
      // a low battery raises an alert, pushed to the full view
      d3.publish("{\"battery\":5}");
      JsonObject alert =
          ws.next(
              f ->
                  "office.alert".equals(f.getString("type"))
                      && f.getJsonObject("alert").encode().contains("f-desk-3"),
              Duration.ofSeconds(10));
      assertThat(alert.getJsonObject("alert").getString("kind")).isEqualTo("battery");
      // the same socket still speaks page sync
      ws.assertAlive();
      ws.send(
          new JsonObject().put("type", "office.unsubscribe").put("site", "dx").put("floor", "3F"));
      ws.next("office.unsubscribed");
      d3.publish("{\"occupied\":true}");
      assertThat(ws.drain(Duration.ofMillis(1200)))
          .noneMatch(f -> f.json().getString("type").startsWith("office.update"));
    }
  }

  @Test
  @DisplayName(
      "a member without the facilities role gets a forbidden error frame, may take the desks view,"
          + " and the connection lives on")
  void memberGetsDesksOnly() throws Exception {
    try (FeedSocket ws = socket("f-member");
        MqttDevice d3 = new MqttDevice(brokerUrl, desk3);
        MqttDevice r3 = new MqttDevice(brokerUrl, room3)) {
      d3.connect();
      r3.connect();
      ws.send(subscribe("3F"));
      assertThat(ws.error("forbidden").getString("message")).contains("desks");
      ws.assertAlive();
      ws.send(subscribe("3F").put("view", "desks"));
      JsonObject snap = ws.next("office.snapshot");
      assertThat(snap.getString("view")).isEqualTo("desks");
      assertThat(snap.encode()).contains("\"deviceId\":\"f-desk-silent\"");
      assertThat(
              snap.getJsonArray("devices").stream()
                  .map(JsonObject.class::cast)
                  .filter(d -> "f-desk-silent".equals(d.getString("deviceId")))
                  .map(d -> d.getString("status")))
          .containsExactly("offline");
      for (Object o : snap.getJsonArray("devices")) {
        JsonObject d = (JsonObject) o;
        assertThat(d.fieldNames())
            .containsExactlyInAnyOrder("deviceId", "site", "floor", "zone", "desk", "status");
      }
      d3.publish("{\"occupied\":true,\"battery\":77}");
      r3.publish("{\"co2\":900}");
      JsonObject u =
          ws.next(f -> updateHas(f, "f-desk-3", "\"status\":\"occupied\""), Duration.ofSeconds(10));
      assertThat(u.encode())
          .doesNotContain("battery")
          .doesNotContain("f-room-3")
          .doesNotContain("co2");
      // a full subscription on the same connection is still refused
      ws.send(subscribe("4F"));
      ws.error("forbidden");
      ws.assertAlive();
    }
  }

  @Test
  @DisplayName("bad office frames get error frames and the connection stays open")
  void badFrames() throws Exception {
    try (FeedSocket ws = socket("f-facilities")) {
      ws.send("{\"type\":\"office.subscribe\"}");
      ws.error("invalid");
      ws.send("{\"type\":\"office.subscribe\",\"site\":\"\"}");
      ws.error("invalid");
      ws.send("{\"type\":\"office.subscribe\",\"site\":\"dx\",\"floor\":3}");
      ws.error("invalid");
      ws.send("{\"type\":\"office.subscribe\",\"site\":\"dx\",\"view\":\"everything\"}");
      ws.error("invalid");
      ws.send("{\"type\":\"office.unsubscribe\",\"site\":\"dx\",\"floor\":\"9F\"}");
      ws.error("invalid");
      ws.send("{\"type\":\"office.dance\",\"id\":7}");
      JsonObject e = ws.error("unknown-type");
      assertThat(e.getInteger("ref")).isEqualTo(7);
      ws.send("{\"type\":\"officer\"}");
      ws.error("unknown-type");
      ws.send("not json");
      ws.error("malformed");
      ws.assertAlive();
      ws.send(subscribe(null));
      JsonObject snap = ws.next("office.snapshot");
      assertThat(snap.getValue("floor")).isNull();
    }
  }

  @Test
  @DisplayName(
      "a burst of readings reaches a client as at most " + MAX_RATE + " updates per second")
  void rateBounded() throws Exception {
    try (FeedSocket ws = socket("f-facilities");
        MqttDevice d3 = new MqttDevice(brokerUrl, desk3);
        MqttDevice r3 = new MqttDevice(brokerUrl, room3)) {
      d3.connect();
      r3.connect();
      ws.send(subscribe("3F"));
      ws.next("office.snapshot");
      int n = 60;
      for (int i = 1; i <= n; i++) {
        d3.publish("{\"occupied\":" + (i % 2 == 0) + "}");
        r3.publish("{\"co2\":" + (500 + i) + "}");
        Thread.sleep(25); // ~3 s of readings, ~50 per second
      }
      List<FeedSocket.Frame> frames =
          ws.until(f -> updateHas(f, "f-room-3", "\"co2\":" + (500 + n)), Duration.ofSeconds(10));
      List<Long> updates =
          frames.stream()
              .filter(f -> "office.update".equals(f.json().getString("type")))
              .map(FeedSocket.Frame::nanos)
              .toList();
      // 120 readings coalesced into a handful of frames, spaced by the flush period (1 / rate)
      assertThat(updates.size()).isBetween(2, 2 * n / 5);
      double span = (updates.get(updates.size() - 1) - updates.get(0)) / 1e9;
      assertThat(span).isGreaterThanOrEqualTo((updates.size() - 1) / (double) MAX_RATE - 0.3);
      // and each frame holds the latest state of each changed device once
      JsonObject last = frames.get(frames.size() - 1).json();
      assertThat(last.getJsonArray("devices").stream().map(o -> ((JsonObject) o).getString("id")))
          .doesNotHaveDuplicates();
    }
  }
}
