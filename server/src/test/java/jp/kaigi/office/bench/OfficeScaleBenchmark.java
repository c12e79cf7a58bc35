package jp.kaigi.office.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.kaigi.KaigiNode;
import jp.kaigi.devices.bench.OfficeLoad;
import jp.kaigi.devices.sensor.SimDevice;
import jp.kaigi.office.broker.MosquittoConfig;
import jp.kaigi.office.registry.DeviceSecrets;
import jp.kaigi.testing.ApiClient;
import jp.kaigi.testing.FreePort;
import jp.kaigi.testing.TestDatabase;
import jp.kaigi.testing.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A realistic office at scale: {@code bench.devices} (10,000) simulated devices at their normal
 * rates (6,000 desks, 2,000 room sensors, 1,000 counters, 1,000 tablets) for {@code bench.seconds}
 * (600) against the embedded broker; reports process CPU, heap and the rollup write rate. Load
 * generator, broker and Kaigi share the JVM, so CPU is an upper bound for Kaigi. Run: {@code mvn
 * -pl server -am verify -Dit.test=OfficeScaleBenchmark -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dbench.seconds=600}.
 */
class OfficeScaleBenchmark {
  static final int DEVICES = Integer.getInteger("bench.devices", 10_000);
  static final int SECONDS = Integer.getInteger("bench.seconds", 600);
  static final double SPEED = Double.parseDouble(System.getProperty("bench.speed", "1"));
  static final boolean EMBEDDED = "embedded".equals(System.getProperty("bench.broker"));
  static final String PASSWORD = "bench-node-password";

  @TempDir Path dir;

  @Test
  void office() throws Exception {
    int port = FreePort.pick();
    Process mosq = null;
    Path conf = dir.resolve("mqtt");
    Map<String, String> cfg =
        EMBEDDED
            ? Map.of("KAIGI_MQTT_ENABLED", "true", "KAIGI_MQTT_PORT", String.valueOf(port))
            : Map.of(
                "KAIGI_MQTT_ENABLED",
                "true",
                "KAIGI_MQTT_URL",
                "tcp://127.0.0.1:" + port,
                "KAIGI_MQTT_USERNAME",
                "kaigi-node",
                "KAIGI_MQTT_PASSWORD",
                PASSWORD);
    if (!EMBEDDED) {
      Files.createDirectories(dir.resolve("mqtt-data"));
      writeMosquitto(conf, port, List.of());
      mosq =
          new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.resolve("mosquitto.conf").toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("mosquitto.log").toFile())
              .start();
    }
    try (TestNode node =
        TestNode.start(TestDatabase.H2, dir.resolve("node"), KaigiNode.Mode.RUN, cfg)) {
      ApiClient admin = node.admin();
      StringBuilder csv = new StringBuilder("id,type,site,floor,zone,desk,room,capacity\n");
      List<String> types = new ArrayList<>();
      for (int i = 0; i < DEVICES; i++) {
        int k = i % 10;
        String type = k < 6 ? "desk" : k < 8 ? "room" : k < 9 ? "counter" : "tablet";
        types.add(type);
        int floor = i / 1000 + 1;
        csv.append("b-")
            .append(i)
            .append(',')
            .append(type)
            .append(",scale,")
            .append(floor)
            .append("F,Z")
            .append(i % 20)
            .append(',')
            .append(type.equals("desk") ? "D" + i : "")
            .append(',')
            .append(type.equals("room") || type.equals("counter") ? "R" + (i / 10) : "")
            .append(",\n");
      }
      HttpRequest req =
          admin
              .authorize(
                  HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/v1/devices/import"))
                      .header("Content-Type", "text/csv")
                      .POST(HttpRequest.BodyPublishers.ofString(csv.toString())))
              .build();
      var r = admin.execute(req);
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      JsonArray issued = r.json().getJsonArray("devices");
      List<SimDevice> devices = new ArrayList<>();
      for (int i = 0; i < issued.size(); i++) {
        var d = issued.getJsonObject(i);
        devices.add(
            new SimDevice(d.getString("id"), d.getString("type"), "scale", d.getString("secret")));
      }
      if (!EMBEDDED) {
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
        rows.forEach(x -> users.add(new MosquittoConfig.User(x[0], x[1], x[2])));
        writeMosquitto(conf, port, users);
        new ProcessBuilder("kill", "-HUP", String.valueOf(mosq.pid())).start().waitFor();
        Thread.sleep(2000); // let Mosquitto load 10,000 users (benchmark driver)
      }
      var vertx = node.node().vertx();
      try (OfficeLoad load = new OfficeLoad(vertx, devices)) {
        long t0 = System.nanoTime();
        load.connect("127.0.0.1", port, 200)
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.MINUTES);
        double connectS = (System.nanoTime() - t0) / 1e9;
        var os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var stats = node.node().office().stats();
        String rowsMetric = "kaigi_office_rollup_rows_written";
        double rows0 = metric(node, rowsMetric);
        double acc0 = stats.acceptedCount();
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        load.start(SPEED);
        long maxHeap = 0;
        double sumHeap = 0;
        int samples = 0;
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(SECONDS)) {
          Thread.sleep(1000); // sampling once a second (benchmark driver)
          long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
          maxHeap = Math.max(maxHeap, used);
          sumHeap += used;
          samples++;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpuS = (os.getProcessCpuTime() - cpu0) / 1e9;
        double rows = metric(node, rowsMetric) - rows0;
        double applied = stats.acceptedCount() - acc0;
        String line =
            String.format(
                Locale.ROOT,
                "bench=office.scale broker=%s devices=%d seconds=%.0f speed=%.1f connect_s=%.1f sent=%d"
                    + " applied=%.0f msg_rate=%.1f/s cpu=%.1f%% of %d cores (%.2f cores)"
                    + " heap_avg=%dMB heap_max=%dMB rollup_rows=%.0f rollup_rows_rate=%.1f/s%n",
                EMBEDDED ? "embedded-hivemq" : "mosquitto",
                DEVICES,
                elapsed,
                SPEED,
                connectS,
                load.sent(),
                applied,
                applied / elapsed,
                100 * cpuS / elapsed / os.getAvailableProcessors(),
                os.getAvailableProcessors(),
                cpuS / elapsed,
                (long) (sumHeap / Math.max(1, samples)) >> 20,
                maxHeap >> 20,
                rows,
                rows / elapsed);
        System.out.print(line);
        Files.writeString(
            Path.of("target", "office-bench.txt"),
            line,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      }
    } finally {
      if (mosq != null) {
        mosq.destroy();
        mosq.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  static void writeMosquitto(Path conf, int port, List<MosquittoConfig.User> users)
      throws Exception {
    MosquittoConfig.write(
        conf,
        "127.0.0.1",
        port,
        new MosquittoConfig.User("kaigi-node", null, DeviceSecrets.mosquittoHash(PASSWORD)),
        users,
        conf.resolveSibling("mqtt-data"),
        System.getProperty("user.name"));
  }

  static double metric(TestNode node, String name) {
    for (String l : node.client().get("/metrics").body().split("\n")) {
      if (l.startsWith(name + " ") || l.startsWith(name + "{")) {
        return Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }
}
