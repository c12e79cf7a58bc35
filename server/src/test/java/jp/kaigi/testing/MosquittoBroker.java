package jp.kaigi.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.kaigi.office.broker.MosquittoConfig;
import jp.kaigi.office.registry.DeviceSecrets;

/**
 * A real Mosquitto (the Debian package) on a free loopback port, configured by Kaigi's own
 * generated passwd/acl: Kaigi's node user plus the devices given. Skips (fails under CI) without
 * the package.
 */
public final class MosquittoBroker implements AutoCloseable {
  public static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
  public static final String NODE_USER = "kaigi-node";
  public static final String NODE_PASSWORD = "node-password-for-tests";

  private final Path dir;
  private final int port;
  private final Path log;
  private Process process;

  private MosquittoBroker(Path dir, int port, Path log) {
    this.dir = dir;
    this.port = port;
    this.log = log;
  }

  /** Writes the config for no devices yet and starts the broker; output appended to {@code log}. */
  public static MosquittoBroker start(Path dir, Path log) throws Exception {
    Requirements.require(Files.isExecutable(MOSQUITTO), "mosquitto (Debian package mosquitto)");
    MosquittoBroker b = new MosquittoBroker(dir, FreePort.pick(), log);
    b.writeConfig(List.of());
    b.start();
    return b;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  public void writeConfig(List<MosquittoConfig.User> devices) throws IOException {
    Files.createDirectories(dir.resolve("mqtt-data"));
    MosquittoConfig.write(
        dir.resolve("mqtt"),
        "127.0.0.1",
        port,
        new MosquittoConfig.User(NODE_USER, null, DeviceSecrets.mosquittoHash(NODE_PASSWORD)),
        devices,
        dir.resolve("mqtt-data"),
        System.getProperty("user.name"));
  }

  /** New passwd/acl for these devices, then SIGHUP so the running broker reads them. */
  public void reload(List<MosquittoConfig.User> devices) throws Exception {
    writeConfig(devices);
    new ProcessBuilder("kill", "-HUP", String.valueOf(process.pid())).start().waitFor();
  }

  public void start() throws Exception {
    Files.createDirectories(log.toAbsolutePath().getParent());
    process =
        new ProcessBuilder(
                MOSQUITTO.toString(), "-c", dir.resolve("mqtt/mosquitto.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
              }
            });
  }

  /** SIGTERM: Mosquitto saves its persistence file. */
  public void stop() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("mosquitto did not stop within 20 s");
      }
    }
  }

  @Override
  public void close() throws Exception {
    stop();
  }
}
