package jp.kaigi.ops.office;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import jp.kaigi.devices.sensor.MqttDevice;
import jp.kaigi.devices.sensor.SimDevice;
import jp.kaigi.office.broker.MosquittoConfig;
import jp.kaigi.office.registry.DeviceSecrets;
import jp.kaigi.ops.sync.NodeProcess;
import jp.kaigi.testing.ApiClient;
import jp.kaigi.testing.MosquittoBroker;
import jp.kaigi.testing.TestDatabase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clustered node JVMs (Hazelcast on loopback, one PostgreSQL) behind one external Mosquitto,
 * splitting the telemetry through the shared subscription: both nodes show the same latest state of
 * every device, no node overwrites readings the other applied, and every reading is counted and
 * rolled up exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterOfficeIT {
  static final String ADMIN_PASSWORD = "cluster-office-admin-password";
  static final int DEVICES = 8;
  static final int BURST = 40;

  @TempDir static Path dir;
  final List<NodeProcess> nodes = new ArrayList<>();
  final List<MqttDevice> connected = new ArrayList<>();
  MosquittoBroker mosquitto;

  @AfterAll
  void cleanUp() throws Exception {
    connected.forEach(MqttDevice::close);
    for (NodeProcess n : nodes) {
      n.close();
    }
    if (mosquitto != null) {
      mosquitto.stop();
    }
  }

  @Test
  @DisplayName(
      "two nodes on one Mosquitto shared group: same state on both, split readings all applied")
  void twoNodesShareDeviceState() throws Exception {
    Map<String, String> env = new HashMap<>(TestDatabase.POSTGRES.create(dir));
    String dbUrl = env.get("KAIGI_DB_URL");
    mosquitto = MosquittoBroker.start(dir, dir.resolve("mosquitto.log"));
    int[] http = IntStream.range(0, 2).map(i -> NodeProcess.port()).toArray();
    int[] hz = IntStream.range(0, 2).map(i -> NodeProcess.port()).toArray();
    env.put("KAIGI_CLUSTER", "true");
    env.put("KAIGI_CLUSTER_NAME", "kaigi-office-it-" + ProcessHandle.current().pid());
    env.put("KAIGI_CLUSTER_MEMBERS", "127.0.0.1:" + hz[0] + ",127.0.0.1:" + hz[1]);
    env.put("KAIGI_ADMIN_PASSWORD", ADMIN_PASSWORD);
    env.put("KAIGI_MQTT_ENABLED", "true");
    env.put("KAIGI_MQTT_URL", mosquitto.url());
    env.put("KAIGI_MQTT_USERNAME", MosquittoBroker.NODE_USER);
    env.put("KAIGI_MQTT_PASSWORD", MosquittoBroker.NODE_PASSWORD);
    env.put("KAIGI_OFFICE_ROLLUP_FLUSH_MS", "500");
    for (int i = 0; i < 2; i++) {
      Map<String, String> own = new HashMap<>(env);
      own.put("KAIGI_MQTT_CLIENT_ID", "kaigi-it-node" + (i + 1));
      // one after the other: two first starts on an empty database race to create the admin
      NodeProcess n = NodeProcess.start("node" + (i + 1), dir, "run", http[i], hz[i], own);
      nodes.add(n);
      n.awaitReady(Duration.ofSeconds(120));
    }
    List<ApiClient> api = new ArrayList<>();
    for (NodeProcess n : nodes) {
      ApiClient c = new ApiClient(n.uri().toString());
      assertThat(c.login("admin", ADMIN_PASSWORD).status()).isEqualTo(200);
      api.add(c);
    }

    // devices registered on node 1; node 2 learns them over the event bus
    List<SimDevice> devices = new ArrayList<>();
    List<MosquittoConfig.User> users = new ArrayList<>();
    for (int i = 0; i < DEVICES; i++) {
      String id = "c-room-" + i;
      ApiClient.Response r =
          api.get(0)
              .post(
                  "/api/v1/devices",
                  new JsonObject()
                      .put("id", id)
                      .put("type", "room")
                      .put("site", "dx")
                      .put("floor", "5F")
                      .put("room", "R" + i));
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      String secret = r.json().getString("secret");
      devices.add(new SimDevice(id, "room", "dx", secret));
      users.add(new MosquittoConfig.User(id, "dx", DeviceSecrets.mosquittoHash(secret)));
    }
    mosquitto.reload(users);
    Awaitility.await("both nodes subscribed, node 2 knows the devices")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                api.stream()
                        .allMatch(
                            c ->
                                c.get("/api/v1/office/ingest").json().getBoolean("brokerConnected"))
                    && api.get(1).get("/api/v1/devices/c-room-" + (DEVICES - 1)).status() == 200);
    for (SimDevice d : devices) {
      MqttDevice m = new MqttDevice(mosquitto.url(), d);
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptions()
          .until(
              () -> {
                m.connect(); // Mosquitto reads the new passwd file a moment after SIGHUP
                return true;
              });
      connected.add(m);
    }

    // 1. One device, one reading at a time, each with a key of its own: the shared group hands
    //    them to both nodes in turn, and the state keeps every key (no node overwrites the other)
    MqttDevice first = connected.get(0);
    long base = System.currentTimeMillis();
    int keys = 12;
    for (int i = 0; i < keys; i++) {
      first.publish(new JsonObject().put("ts", base + i).put("k" + i, i).encode());
      String key = "k" + i;
      ApiClient either = api.get(i % 2);
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> readings(either, "c-room-0").containsKey(key));
    }
    double[] afterKeys = {accepted(api.get(0)), accepted(api.get(1))};
    assertThat(afterKeys[0]).as("node 1 applied some").isPositive();
    assertThat(afterKeys[1]).as("node 2 applied some").isPositive();
    assertThat(afterKeys[0] + afterKeys[1]).isEqualTo(keys);
    for (ApiClient c : api) {
      JsonObject r = readings(c, "c-room-0");
      for (int i = 0; i < keys; i++) {
        assertThat(r.getInteger("k" + i)).as("k" + i + " on " + c.baseUrl()).isEqualTo(i);
      }
    }

    // 2. Every device fast: each reading applied once by one of the nodes, the newest wins on both
    long t = System.currentTimeMillis() + 1000;
    for (int n = 0; n < BURST; n++) {
      for (MqttDevice m : connected) {
        m.publish(new JsonObject().put("ts", t + n).put("count", n).put("co2", 400 + n).encode());
      }
    }
    int total = keys + BURST * DEVICES;
    Awaitility.await("every reading counted once across the nodes")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> accepted(api.get(0)) + accepted(api.get(1)) >= total);
    assertThat(accepted(api.get(0)) + accepted(api.get(1))).isEqualTo(total);
    assertThat(accepted(api.get(0))).isGreaterThan(afterKeys[0]);
    assertThat(accepted(api.get(1))).isGreaterThan(afterKeys[1]);
    for (SimDevice d : devices) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                JsonObject s1 = api.get(0).get("/api/v1/office/state/" + d.id()).json();
                JsonObject s2 = api.get(1).get("/api/v1/office/state/" + d.id()).json();
                assertThat(s1.getLong("ts")).isEqualTo(t + BURST - 1);
                assertThat(s1.getJsonObject("readings").getInteger("count")).isEqualTo(BURST - 1);
                assertThat(s2.encode()).isEqualTo(s1.encode());
              });
    }
    // the rollups of both nodes add up to every reading, in the one database (a minute is
    // written once it has ended: up to a minute and a flush from now)
    Awaitility.await("rollups written")
        .atMost(Duration.ofSeconds(100))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> rolledUp(dbUrl, "co2") >= BURST * DEVICES);
    assertThat(rolledUp(dbUrl, "co2")).isEqualTo(BURST * DEVICES);
  }

  static JsonObject readings(ApiClient c, String id) {
    ApiClient.Response r = c.get("/api/v1/office/state/" + id);
    return r.status() == 200 ? r.json().getJsonObject("readings") : new JsonObject();
  }

  static double accepted(ApiClient c) {
    return c.get("/api/v1/office/ingest").json().getDouble("accepted");
  }

  static long rolledUp(String dbUrl, String metric) throws Exception {
    try (Connection c = DriverManager.getConnection(dbUrl);
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COALESCE(SUM(n), 0) FROM office_rollups WHERE metric = ?"
                    + " AND device_id LIKE 'c-room-%'")) {
      ps.setString(1, metric);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
