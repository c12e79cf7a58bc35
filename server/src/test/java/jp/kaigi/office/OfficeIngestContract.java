package jp.kaigi.office;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.kaigi.KaigiNode;
import jp.kaigi.devices.sensor.MqttDevice;
import jp.kaigi.devices.sensor.SimDevice;
import jp.kaigi.office.ingest.RejectReason;
import jp.kaigi.testing.ApiClient;
import jp.kaigi.testing.ApiClient.Response;
import jp.kaigi.testing.FreePort;
import jp.kaigi.testing.Requirements;
import jp.kaigi.testing.TestDatabase;
import jp.kaigi.testing.TestNode;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The office end to end through the embedded HiveMQ broker: registry, broker auth, validation,
 * presence (LWT and timeout), alerts, rollups and analytics of a scripted day.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
abstract class OfficeIngestContract {
  @TempDir static Path dataDir;

  TestNode node;
  ApiClient admin;
  String brokerUrl;

  abstract TestDatabase database();

  @BeforeAll
  void start() {
    int mqttPort = FreePort.pick();
    node =
        TestNode.start(
            database(),
            dataDir,
            KaigiNode.Mode.RUN,
            Map.of(
                "KAIGI_MQTT_ENABLED", "true",
                "KAIGI_MQTT_PORT", String.valueOf(mqttPort),
                "KAIGI_OFFICE_TIMEOUT_GATEWAY_S", "2",
                "KAIGI_OFFICE_PRESENCE_CHECK_MS", "200",
                "KAIGI_MQTT_MAX_PAYLOAD", "1024",
                // not the default, so the bands served by /office/now are seen to be the config's
                "KAIGI_OFFICE_TEMP_MAX", "29"));
    admin = node.admin();
    brokerUrl = "tcp://127.0.0.1:" + mqttPort;
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  SimDevice register(JsonObject body) {
    Response r = admin.post("/api/v1/devices", body.put("site", "dx").put("floor", "3F"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return new SimDevice(
        body.getString("id"), body.getString("type"), "dx", r.json().getString("secret"));
  }

  MqttDevice connect(SimDevice d) throws MqttException {
    MqttDevice m = new MqttDevice(brokerUrl, d);
    m.connect();
    return m;
  }

  JsonObject state(String id) {
    Response r = admin.get("/api/v1/office/state/" + id);
    return r.status() == 200 ? r.json() : null;
  }

  double rejected(RejectReason reason) {
    return node.node().office().stats().rejectedCount(reason);
  }

  @Test
  @DisplayName("a registered desk sensor's readings become its state; the secret is stored hashed")
  void readingBecomesState() throws Exception {
    SimDevice d =
        register(
            new JsonObject()
                .put("id", "t-desk-1")
                .put("type", "desk")
                .put("zone", "A")
                .put("desk", "A-01"));
    try (MqttDevice m = connect(d)) {
      m.publish("{\"occupied\":true,\"battery\":87,\"fw\":\"1.2\"}");
      await()
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                JsonObject s = state("t-desk-1");
                assertThat(s).isNotNull();
                assertThat(s.getJsonObject("readings").getBoolean("occupied")).isTrue();
                assertThat(s.getJsonObject("readings").getString("fw")).isEqualTo("1.2");
                assertThat(s.getBoolean("online")).isTrue();
              });
      Response free = admin.get("/api/v1/office/desks?zone=A&free=true");
      assertThat(free.array().stream().map(o -> ((JsonObject) o).getString("deviceId")))
          .doesNotContain("t-desk-1");
    }
    Response list = admin.get("/api/v1/devices");
    assertThat(list.body()).doesNotContain(d.secret()).doesNotContain("secret");
  }

  @Test
  @DisplayName(
      "wrong secret, unknown device, and publishing under another device's id are rejected")
  void brokerRejects() throws Exception {
    SimDevice a = register(new JsonObject().put("id", "t-gw-a").put("type", "gateway"));
    register(new JsonObject().put("id", "t-gw-b").put("type", "gateway"));
    double authBefore = rejected(RejectReason.AUTH_FAILED);
    try (MqttDevice wrong =
        new MqttDevice(brokerUrl, new SimDevice("t-gw-a", "gateway", "dx", "nope"))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(wrong::connect)
          .isInstanceOf(MqttException.class);
    }
    try (MqttDevice unknown =
        new MqttDevice(brokerUrl, new SimDevice("t-ghost", "gateway", "dx", "whatever"))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(unknown::connect)
          .isInstanceOf(MqttException.class);
    }
    assertThat(rejected(RejectReason.AUTH_FAILED)).isGreaterThanOrEqualTo(authBefore + 2);
    double notAuthBefore = rejected(RejectReason.NOT_AUTHORIZED);
    try (MqttDevice m = connect(a)) {
      try {
        m.publishRaw("kaigi/dx/devices/t-gw-b/telemetry", "{\"battery\":50}".getBytes());
      } catch (MqttException e) {
        // MQTT 5: refused with a PUBACK reason code; counted either way
      }
      await()
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(10))
          .until(() -> rejected(RejectReason.NOT_AUTHORIZED) > notAuthBefore);
    }
    assertThat(state("t-gw-b")).isNull();
  }

  @Test
  @DisplayName("every malformed payload class is counted by reason and listed, never applied")
  void malformedPayloads() throws Exception {
    SimDevice d =
        register(new JsonObject().put("id", "t-room-bad").put("type", "room").put("room", "R1"));
    try (MqttDevice m = connect(d)) {
      String[] bad = {
        "not json",
        "[1,2]",
        "{\"co2\":\"high\"}",
        "{\"occupied\":1}",
        "{\"co2\":20000}",
        "{\"temperature\":-41}",
        "{\"humidity\":101}",
        "{\"noise\":141}",
        "{\"count\":-1}",
        "{\"count\":1.5}",
        "{\"battery\":101}",
        "{\"ts\":\"yesterday\"}",
        "{\"pad\":\"" + "x".repeat(2000) + "\"}"
      };
      for (String b : bad) {
        m.publish(b);
      }
      m.publish("{\"co2\":700}");
      await()
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(state("t-room-bad").getJsonObject("readings").getInteger("co2"))
                      .isEqualTo(700));
    }
    JsonObject ingest = admin.get("/api/v1/office/ingest").json();
    JsonObject counts = ingest.getJsonObject("rejected");
    assertThat(counts.getLong("not-json")).isGreaterThanOrEqualTo(1);
    assertThat(counts.getLong("not-object")).isGreaterThanOrEqualTo(1);
    assertThat(counts.getLong("wrong-type")).isGreaterThanOrEqualTo(4);
    assertThat(counts.getLong("out-of-range")).isGreaterThanOrEqualTo(6);
    assertThat(counts.getLong("too-large")).isGreaterThanOrEqualTo(1);
    assertThat(ingest.getJsonArray("recent").encode()).contains("t-room-bad");
    assertThat(state("t-room-bad").getJsonObject("readings").getInteger("co2")).isEqualTo(700);
    String metrics = node.client().get("/metrics").body();
    assertThat(metrics).contains("kaigi_office_rejected_total{reason=\"out-of-range\"}");
  }

  @Test
  @DisplayName("a killed device goes offline by its Last Will; a silent one by the timeout")
  void presence() throws Exception {
    SimDevice lwt = register(new JsonObject().put("id", "t-gw-lwt").put("type", "gateway"));
    MqttDevice m = connect(lwt);
    m.publish("{\"battery\":90}");
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(10))
        .until(() -> state("t-gw-lwt") != null);
    m.kill();
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              JsonObject s = state("t-gw-lwt");
              assertThat(s.getBoolean("online")).isFalse();
            });
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(admin.get("/api/v1/alerts").body())
                    .contains("\"subject\":\"t-gw-lwt\"")
                    .contains("\"kind\":\"offline\""));

    SimDevice silent = register(new JsonObject().put("id", "t-gw-silent").put("type", "gateway"));
    try (MqttDevice s = connect(silent)) {
      s.publish("{\"battery\":90}");
      await()
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(10))
          .until(() -> state("t-gw-silent") != null);
      await()
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                JsonObject st = state("t-gw-silent");
                assertThat(st.getBoolean("online")).isFalse();
                assertThat(st.getString("onlineVia")).isEqualTo("timeout");
              });
    }
  }

  JsonObject alert(String subject, String kind) {
    JsonArray all = admin.get("/api/v1/alerts?state=all").array();
    for (int i = 0; i < all.size(); i++) {
      JsonObject a = all.getJsonObject(i);
      if (a.getString("subject").equals(subject) && a.getString("kind").equals(kind)) {
        return a;
      }
    }
    return null;
  }

  @Test
  @DisplayName(
      "temperature, humidity, CO2 (10-minute mean) and battery alerts: raised, acknowledged, cleared")
  void alerts() throws Exception {
    SimDevice room =
        register(
            new JsonObject()
                .put("id", "t-room-air")
                .put("type", "room")
                .put("room", "会議室9")
                .put("capacity", 6));
    String subject = "room:dx/3F/会議室9";
    try (MqttDevice m = connect(room)) {
      m.publish("{\"temperature\":30.5,\"humidity\":35,\"battery\":10}");
      await()
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(10))
          .until(() -> alert(subject, "temperature") != null);
      await()
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(10))
          .until(() -> alert(subject, "humidity") != null);
      await()
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(10))
          .until(() -> alert("t-room-air", "battery") != null);
      JsonObject t = alert(subject, "temperature");
      assertThat(t.getString("state")).isEqualTo("raised");
      Response ack = admin.post("/api/v1/alerts/" + t.getLong("id") + "/ack", new JsonObject());
      assertThat(ack.status()).isEqualTo(200);
      assertThat(ack.json().getString("state")).isEqualTo("acknowledged");
      assertThat(ack.json().getString("acknowledgedBy")).isEqualTo("admin");
      m.publish("{\"temperature\":23,\"humidity\":50,\"battery\":80}");
      await()
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(alert(subject, "temperature").getString("state")).isEqualTo("cleared");
                assertThat(alert(subject, "humidity").getString("state")).isEqualTo("cleared");
                assertThat(alert("t-room-air", "battery").getString("state")).isEqualTo("cleared");
              });
      assertThat(alert(subject, "temperature").getString("acknowledgedBy")).isEqualTo("admin");

      long t0 = System.currentTimeMillis() - 20 * 60_000L;
      for (int i = 0; i <= 10; i++) {
        m.publish("{\"ts\":" + (t0 + i * 60_000L) + ",\"co2\":1200}");
      }
      await()
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(10))
          .until(() -> alert(subject, "co2") != null);
      for (int i = 11; i <= 21; i++) {
        m.publish("{\"ts\":" + (t0 + i * 60_000L) + ",\"co2\":600}");
      }
      await()
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(alert(subject, "co2").getString("state")).isEqualTo("cleared"));
    }
  }

  @Test
  @DisplayName(
      "analytics of a scripted day match hand-computed peak, average, utilization and time used")
  void scriptedDay() throws Exception {
    JsonObject base = new JsonObject().put("type", "desk").put("site", "lab").put("floor", "1F");
    Response r1 =
        admin.post(
            "/api/v1/devices", base.copy().put("id", "s-d1").put("zone", "A").put("desk", "A-1"));
    Response r2 =
        admin.post(
            "/api/v1/devices", base.copy().put("id", "s-d2").put("zone", "A").put("desk", "A-2"));
    Response r3 =
        admin.post(
            "/api/v1/devices", base.copy().put("id", "s-d3").put("zone", "B").put("desk", "B-1"));
    ZoneId tokyo = ZoneId.of("Asia/Tokyo");
    ZonedDateTime day = ZonedDateTime.of(2026, 11, 23, 0, 0, 0, 0, tokyo); // a Monday
    long lastTs = 0;
    try (MqttDevice d1 =
            connect(new SimDevice("s-d1", "desk", "lab", r1.json().getString("secret")));
        MqttDevice d2 =
            connect(new SimDevice("s-d2", "desk", "lab", r2.json().getString("secret")));
        MqttDevice d3 =
            connect(new SimDevice("s-d3", "desk", "lab", r3.json().getString("secret")))) {
      for (int min = 8 * 60; min <= 19 * 60; min += 10) {
        long ts = day.plusMinutes(min).toInstant().toEpochMilli();
        boolean o1 = (min >= 540 && min < 720) || (min >= 780 && min < 900);
        boolean o2 = min >= 600 && min < 960;
        d1.publish("{\"ts\":" + ts + ",\"occupied\":" + o1 + "}");
        d2.publish("{\"ts\":" + ts + ",\"occupied\":" + o2 + "}");
        d3.publish("{\"ts\":" + ts + ",\"occupied\":false}");
        lastTs = ts;
      }
    }
    // Each device's readings are applied in order, each added to the rollups before its state:
    // once every device's state has its last reading, the day is all in the rollups. (A count of
    // accepted readings can be reached early by other tests' readings still arriving.)
    long last = lastTs;
    for (String id : List.of("s-d1", "s-d2", "s-d3")) {
      await("the last reading of " + id)
          .ignoreExceptions()
          .atMost(Duration.ofSeconds(20))
          .until(() -> state(id).getLong("ts") == last);
    }
    node.node()
        .office()
        .flushHistory()
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);

    Response rep = admin.get("/api/v1/office/analytics?from=2026-11-23&to=2026-11-24&site=lab");
    assertThat(rep.status()).as(rep.body()).isEqualTo(200);
    JsonObject report = rep.json();
    JsonObject zoneA = find(report.getJsonArray("zones"), "zone", "A");
    assertThat(zoneA.getInteger("capacity")).isEqualTo(2);
    assertThat(zoneA.getLong("workingMinutes")).isEqualTo(540);
    assertThat(zoneA.getInteger("peak")).isEqualTo(2);
    assertThat(zoneA.getDouble("average")).isEqualTo(1.2222); // 660 desk-minutes / 540
    assertThat(zoneA.getDouble("peakUtilization")).isEqualTo(1.0);
    assertThat(zoneA.getDouble("averageUtilization")).isEqualTo(0.6111);
    assertThat(zoneA.getDouble("timeUsed")).isEqualTo(0.7778); // 09:00–16:00 = 420 / 540
    // Monday 10:00–11:00: both desks of zone A occupied
    assertThat(zoneA.getJsonArray("heatmap").getJsonArray(0).getDouble(10)).isEqualTo(1.0);
    assertThat(zoneA.getJsonArray("heatmap").getJsonArray(0).getDouble(16)).isEqualTo(0.0);
    JsonObject floor = report.getJsonArray("floors").getJsonObject(0);
    assertThat(floor.getInteger("capacity")).isEqualTo(3);
    assertThat(floor.getDouble("averageUtilization")).isEqualTo(0.4074);
    assertThat(report.getJsonArray("desksNeverUsed").encode())
        .contains("s-d3")
        .doesNotContain("s-d1");

    Response csv =
        admin.get("/api/v1/office/analytics?from=2026-11-23&to=2026-11-24&site=lab&format=csv");
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.body()).contains("zone,\"lab\",\"1F\",\"A\",2,540,2,1.2222,1.0,0.6111,0.7778");
  }

  @Test
  @DisplayName("GET /office/now serves the alert bands (as configured) for the dashboard")
  void nowServesTheBands() {
    Response r = admin.get("/api/v1/office/now?site=dx&floor=3F");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonObject bands = r.json().getJsonObject("bands");
    assertThat(bands).as(r.body()).isNotNull();
    assertThat(bands.getDouble("co2Max")).isEqualTo(1000.0);
    assertThat(bands.getLong("co2WindowMinutes")).isEqualTo(10L);
    assertThat(bands.getDouble("temperatureMin")).isEqualTo(18.0);
    assertThat(bands.getDouble("temperatureMax")).isEqualTo(29.0);
    assertThat(bands.getDouble("humidityMin")).isEqualTo(40.0);
    assertThat(bands.getDouble("humidityMax")).isEqualTo(70.0);
    assertThat(bands.getDouble("batteryMin")).isEqualTo(20.0);
  }

  static JsonObject find(JsonArray a, String key, String value) {
    for (int i = 0; i < a.size(); i++) {
      if (value.equals(a.getJsonObject(i).getString(key))) {
        return a.getJsonObject(i);
      }
    }
    throw new AssertionError(key + "=" + value + " not in " + a.encode());
  }

  @Test
  @DisplayName("CSV import is all-or-nothing and reports bad rows by line")
  void csvImport() {
    String bad =
        "id,type,site,floor,zone,desk,room,capacity,name\n"
            + "c-1,desk,dx,3F,A,A-9,,,\n"
            + "c-2,chair,dx,3F,A,A-8,,,\n"
            + "c 3,desk,dx,3F,A,A-7,,,\n";
    Response r =
        admin.send("POST", "/api/v1/devices/import", null, Map.of("Content-Type", "text/csv"));
    assertThat(r.status()).isIn(400, 415);
    Response rb = csvPost(bad);
    assertThat(rb.status()).as(rb.body()).isEqualTo(400);
    assertThat(rb.json().getJsonArray("errors").encode())
        .contains("\"line\":3")
        .contains("\"line\":4");
    assertThat(admin.get("/api/v1/devices/c-1").status()).isEqualTo(404);
    Response ok =
        csvPost("id,type,site,floor,zone,desk\nc-1,desk,dx,3F,A,A-9\nc-2,desk,dx,3F,A,A-8\n");
    assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    assertThat(ok.json().getInteger("imported")).isEqualTo(2);
    assertThat(ok.json().getJsonArray("devices").getJsonObject(0).getString("secret")).isNotBlank();
  }

  Response csvPost(String csv) {
    var req =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(node.baseUrl() + "/api/v1/devices/import"))
            .header("Content-Type", "text/csv; charset=utf-8")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(csv));
    return admin.execute(admin.authorize(req).build());
  }

  @Test
  @DisplayName("mosquitto_pub, a client we did not write, publishes through the embedded broker")
  void mosquittoPub() throws Exception {
    Requirements.require(
        new java.io.File("/usr/bin/mosquitto_pub").canExecute(),
        "mosquitto_pub (Debian mosquitto-clients)");
    SimDevice d =
        register(new JsonObject().put("id", "t-ext-1").put("type", "counter").put("room", "R2"));
    Process p =
        new ProcessBuilder(
                "mosquitto_pub",
                "-V",
                "mqttv5",
                "-h",
                "127.0.0.1",
                "-p",
                brokerUrl.substring(brokerUrl.lastIndexOf(':') + 1),
                "-i",
                "t-ext-1",
                "-u",
                "t-ext-1",
                "-P",
                d.secret(),
                "-q",
                "1",
                "-t",
                d.telemetryTopic(),
                "-m",
                "{\"count\":7}")
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(state("t-ext-1").getJsonObject("readings").getInteger("count"))
                    .isEqualTo(7));
  }
}
