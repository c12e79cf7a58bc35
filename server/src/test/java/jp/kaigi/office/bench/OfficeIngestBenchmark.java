package jp.kaigi.office.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jp.kaigi.KaigiNode;
import jp.kaigi.devices.bench.LoadGenerator;
import jp.kaigi.devices.sensor.MqttDeviceSockets;
import jp.kaigi.devices.sensor.SimDevice;
import jp.kaigi.office.broker.BrokerAccess;
import jp.kaigi.office.broker.MosquittoConfig;
import jp.kaigi.office.registry.DeviceSecrets;
import jp.kaigi.testing.ApiClient;
import jp.kaigi.testing.FreePort;
import jp.kaigi.testing.Requirements;
import jp.kaigi.testing.TestDatabase;
import jp.kaigi.testing.TestNode;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end ingest: readings/s from the load generator through the broker into Kaigi's state,
 * versus the same broker delivering the same stream to a no-op Paho subscriber in the same run. Not
 * part of the build; run: {@code mvn -pl server -am verify -Dit.test=OfficeIngestBenchmark
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.devices=20 -Dbench.perDevice=1000]}.
 * Figures go to stdout and {@code server/target/office-bench.txt}.
 */
class OfficeIngestBenchmark {
  static final int DEVICES = Integer.getInteger("bench.devices", 20);
  static final int PER_DEVICE = Integer.getInteger("bench.perDevice", 1000);
  static final String PASSWORD = "bench-node-password";

  @TempDir Path dir;

  @Test
  void embedded() throws Exception {
    int port = FreePort.pick();
    try (TestNode node =
        TestNode.start(
            TestDatabase.H2,
            dir.resolve("node"),
            KaigiNode.Mode.RUN,
            Map.of(
                "KAIGI_MQTT_ENABLED",
                "true",
                "KAIGI_MQTT_PORT",
                String.valueOf(port),
                "KAIGI_MQTT_PASSWORD",
                PASSWORD))) {
      run(node, "embedded-hivemq", "tcp://127.0.0.1:" + port, BrokerAccess.NODE_USER);
    }
  }

  @Test
  void mosquitto() throws Exception {
    Requirements.require(Files.isExecutable(Path.of("/usr/sbin/mosquitto")), "mosquitto");
    int port = FreePort.pick();
    Path conf = dir.resolve("mqtt");
    Files.createDirectories(dir.resolve("mqtt-data"));
    MosquittoConfig.write(
        conf,
        "127.0.0.1",
        port,
        new MosquittoConfig.User("kaigi-node", null, DeviceSecrets.mosquittoHash(PASSWORD)),
        List.of(),
        dir.resolve("mqtt-data"),
        System.getProperty("user.name"));
    Process mosq =
        new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.resolve("mosquitto.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("mosquitto.log").toFile())
            .start();
    try (TestNode node =
        TestNode.start(
            TestDatabase.H2,
            dir.resolve("node"),
            KaigiNode.Mode.RUN,
            Map.of(
                "KAIGI_MQTT_ENABLED",
                "true",
                "KAIGI_MQTT_URL",
                "tcp://127.0.0.1:" + port,
                "KAIGI_MQTT_USERNAME",
                "kaigi-node",
                "KAIGI_MQTT_PASSWORD",
                PASSWORD))) {
      ApiClient admin = node.admin();
      List<SimDevice> devices = register(admin, "mq");
      var office = node.node().office();
      List<String[]> rows =
          office
              .registry()
              .db()
              .read(c -> office.registry().store().brokerHashes(c))
              .toCompletionStage()
              .toCompletableFuture()
              .get();
      List<MosquittoConfig.User> users = new ArrayList<>();
      rows.forEach(r -> users.add(new MosquittoConfig.User(r[0], r[1], r[2])));
      MosquittoConfig.write(
          conf,
          "127.0.0.1",
          port,
          new MosquittoConfig.User("kaigi-node", null, DeviceSecrets.mosquittoHash(PASSWORD)),
          users,
          dir.resolve("mqtt-data"),
          System.getProperty("user.name"));
      new ProcessBuilder("kill", "-HUP", String.valueOf(mosq.pid())).start().waitFor();
      Thread.sleep(500); // let Mosquitto reload passwd/acl (benchmark driver, not a test)
      measure(node, "mosquitto", "tcp://127.0.0.1:" + port, "kaigi-node", devices);
    } finally {
      mosq.destroy();
      mosq.waitFor(20, TimeUnit.SECONDS);
    }
  }

  static List<SimDevice> register(ApiClient admin, String prefix) {
    List<SimDevice> devices = new ArrayList<>();
    for (int i = 0; i < DEVICES; i++) {
      String id = prefix + "-room-" + i;
      var r =
          admin.post(
              "/api/v1/devices",
              new JsonObject()
                  .put("id", id)
                  .put("type", "room")
                  .put("site", "bench")
                  .put("floor", "1F")
                  .put("room", "R" + i));
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      devices.add(new SimDevice(id, "room", "bench", r.json().getString("secret")));
    }
    return devices;
  }

  void run(TestNode node, String broker, String url, String user) throws Exception {
    measure(node, broker, url, user, register(node.admin(), "em"));
  }

  static void measure(
      TestNode node, String broker, String url, String user, List<SimDevice> devices)
      throws Exception {
    long total = (long) DEVICES * PER_DEVICE;
    AtomicLong noop = new AtomicLong();
    long[] noopDoneAt = {0};
    MqttAsyncClient sub = new MqttAsyncClient(url, "bench-noop", new MemoryPersistence());
    sub.setCallback(
        new MqttCallback() {
          @Override
          public void disconnected(MqttDisconnectResponse r) {}

          @Override
          public void mqttErrorOccurred(MqttException e) {}

          @Override
          public void messageArrived(String topic, MqttMessage m) {
            if (noop.incrementAndGet() == total) {
              noopDoneAt[0] = System.nanoTime();
            }
          }

          @Override
          public void deliveryComplete(IMqttToken t) {}

          @Override
          public void connectComplete(boolean reconnect, String uri) {}

          @Override
          public void authPacketArrived(int code, MqttProperties p) {}
        });
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setUserName(user);
    o.setPassword(PASSWORD.getBytes(StandardCharsets.UTF_8));
    o.setSocketFactory(MqttDeviceSockets.noDelay());
    o.setReceiveMaximum(65_535);
    sub.connect(o).waitForCompletion(10_000);
    sub.subscribe("kaigi/+/devices/+/telemetry", 1).waitForCompletion(10_000);

    var stats = node.node().office().stats();
    double base = stats.acceptedCount();
    try (LoadGenerator load = new LoadGenerator(url, devices)) {
      long start = System.nanoTime();
      load.run(PER_DEVICE, 0);
      long publishedAt = System.nanoTime();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (stats.acceptedCount() - base < total && System.nanoTime() < deadline) {
        Thread.sleep(2); // benchmark driver polling, not a test
      }
      long kaigiDoneAt = System.nanoTime();
      while (noop.get() < total && System.nanoTime() < deadline) {
        Thread.sleep(2);
      }
      double kaigiRate = total / ((kaigiDoneAt - start) / 1e9);
      double noopRate =
          total / (((noopDoneAt[0] == 0 ? System.nanoTime() : noopDoneAt[0]) - start) / 1e9);
      double pubRate = total / ((publishedAt - start) / 1e9);
      String line =
          String.format(
              java.util.Locale.ROOT,
              "bench=office.ingest broker=%s devices=%d messages=%d qos=1 publish_rate=%.0f/s"
                  + " kaigi_rate=%.0f/s noop_subscriber_rate=%.0f/s ratio=%.2f kaigi_applied=%d"
                  + " noop_received=%d cores=%d%n",
              broker,
              DEVICES,
              total,
              pubRate,
              kaigiRate,
              noopRate,
              kaigiRate / noopRate,
              (long) (stats.acceptedCount() - base),
              noop.get(),
              Runtime.getRuntime().availableProcessors());
      System.out.print(line);
      Files.writeString(
          Path.of("target", "office-bench.txt"),
          line,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } finally {
      sub.disconnect().waitForCompletion(5000);
      sub.close(true);
    }
  }
}
