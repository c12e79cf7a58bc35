package jp.kaigi.ops.sync;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.kaigi.testing.FreePort;
import org.awaitility.Awaitility;

/**
 * A Kaigi node as its own JVM ({@code java -cp <test classpath> jp.kaigi.Main run|demo}), output to
 * a log file in the test's temp dir; {@link #kill()} is {@code kill -9}.
 */
public final class NodeProcess implements AutoCloseable {
  public final String name;
  public final int httpPort;
  public final int clusterPort;
  public final Path log;
  private final Process process;

  private NodeProcess(String name, int httpPort, int clusterPort, Path log, Process process) {
    this.name = name;
    this.httpPort = httpPort;
    this.clusterPort = clusterPort;
    this.log = log;
    this.process = process;
  }

  public static NodeProcess start(
      String name, Path dir, String mode, int httpPort, int clusterPort, Map<String, String> env)
      throws IOException {
    Path dataDir = Files.createDirectories(dir.resolve(name));
    Path log = dir.resolve(name + ".log");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        List.of(
            "-Xmx320m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Dhazelcast.logging.type=slf4j",
            "--add-modules=java.se",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.management/sun.management=ALL-UNNAMED",
            "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            "jp.kaigi.Main",
            mode));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    pb.environment().put("KAIGI_HTTP_HOST", "127.0.0.1");
    pb.environment().put("KAIGI_HTTP_PORT", String.valueOf(httpPort));
    pb.environment().put("KAIGI_HTTP_INSTANCES", "2");
    pb.environment().put("KAIGI_DATA_DIR", dataDir.toString());
    pb.environment().put("KAIGI_CLUSTER_PORT", String.valueOf(clusterPort));
    // several nodes on one machine: no embedded MQTT broker each on 1883 (office tests own that)
    pb.environment().putIfAbsent("KAIGI_MQTT_ENABLED", "false");
    return new NodeProcess(name, httpPort, clusterPort, log, pb.start());
  }

  public static int port() {
    return FreePort.pick();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  public void awaitReady(Duration max) {
    HttpClient http = HttpClient.newHttpClient();
    Awaitility.await(name + " ready")
        .atMost(max)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited; see " + log + "\n" + tail());
              }
              try {
                return http.send(
                            HttpRequest.newBuilder(uri().resolve("/ready"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200;
              } catch (IOException e) {
                return false;
              }
            });
  }

  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** kill -9: no shutdown hook, no goodbye to the cluster. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
