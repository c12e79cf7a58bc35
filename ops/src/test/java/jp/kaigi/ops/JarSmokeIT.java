package jp.kaigi.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kaigi.testing.ApiClient;
import jp.kaigi.testing.FreePort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The built jar as its own process, the way {@code ops/kaigi run} starts it. */
@Timeout(240)
class JarSmokeIT {
  static final Path JAR = Path.of(System.getProperty("kaigi.jar", "../server/target/kaigi.jar"));

  @TempDir Path dir;
  Process process;

  @AfterEach
  void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  Process start(Map<String, String> env, Path log, String... args) throws IOException {
    assertThat(JAR).as("the shaded jar is built in the package phase").exists();
    List<String> cmd = new java.util.ArrayList<>(List.of(javaBin(), "-jar", JAR.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("KAIGI_"));
    pb.environment().putAll(env);
    pb.directory(dir.toFile());
    return pb.start();
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static int status(String url) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Test
  @DisplayName(
      "the jar starts, becomes ready, prints a one-time admin password, serves a login, and stops on SIGTERM")
  void startServeStop() throws Exception {
    int port = FreePort.pick();
    Path data = dir.resolve("data");
    Map<String, String> env =
        Map.of(
            "KAIGI_HTTP_PORT",
            String.valueOf(port),
            "KAIGI_HTTP_HOST",
            "127.0.0.1",
            "KAIGI_DATA_DIR",
            data.toString(),
            // the fat jar's embedded MQTT broker starts too, on a free port
            "KAIGI_MQTT_PORT",
            String.valueOf(FreePort.pick()));
    Path log = dir.resolve("first.log");
    process = start(env, log, "run");
    String base = "http://127.0.0.1:" + port;
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> status(base + "/ready") == 200);

    Matcher m =
        Pattern.compile("login 'admin' with password '([^']+)'")
            .matcher(Files.readString(log, StandardCharsets.UTF_8));
    assertThat(m.find()).as("generated admin password is printed on first start").isTrue();
    ApiClient admin = new ApiClient(base);
    assertThat(admin.login("admin", m.group(1)).status()).isEqualTo(200);
    assertThat(admin.get("/api/v1/me").json().getString("login")).isEqualTo("admin");
    assertThat(status(base + "/")).isEqualTo(200);
    // The offline shell's worker, its file list read from the fat jar (docs/ui.md, Offline).
    ApiClient.Response sw = new ApiClient(base).get("/sw.js");
    assertThat(sw.status()).isEqualTo(200);
    assertThat(sw.headers().get("Content-Type")).anyMatch(v -> v.startsWith("text/javascript"));
    assertThat(sw.body())
        .contains("\"/js/app.js\"", "\"/css/app.css\"")
        .containsPattern("\"/webjars/pdfjs-dist/[^/\"]+/build/pdf\\.worker\\.mjs\"")
        .doesNotContain("version: 'dev'", "\"/office/");

    // A clean first start and a login log nothing an operator would have to look into.
    assertThat(Files.readAllLines(log, StandardCharsets.UTF_8))
        .as("WARN or ERROR lines of a clean start")
        .noneMatch(line -> line.matches("\\S+ (WARN|ERROR) .*"));

    process.destroy(); // SIGTERM
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stops within 60 s of SIGTERM").isTrue();
    assertThat(Files.readString(log, StandardCharsets.UTF_8))
        .contains("event=node.stopping")
        .contains("event=node.stopped");

    // A second start on the same data keeps the admin and does not print a password again.
    Path log2 = dir.resolve("second.log");
    process = start(env, log2, "run");
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> status(base + "/ready") == 200);
    assertThat(Files.readString(log2, StandardCharsets.UTF_8)).doesNotContain("with password");
    assertThat(new ApiClient(base).login("admin", m.group(1)).status()).isEqualTo(200);
    process.destroy();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  @DisplayName("an unreachable database stops startup promptly with exit code 1 and the reason")
  void unreachableDatabase() throws Exception {
    Path log = dir.resolve("nodb.log");
    process =
        start(
            Map.of(
                "KAIGI_HTTP_PORT",
                String.valueOf(FreePort.pick()),
                "KAIGI_HTTP_HOST",
                "127.0.0.1",
                "KAIGI_DATA_DIR",
                dir.resolve("nodb").toString(),
                "KAIGI_MQTT_ENABLED",
                "false",
                "KAIGI_DB_URL",
                "jdbc:postgresql://127.0.0.1:" + FreePort.pick() + "/kaigi"),
            log,
            "run");
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("exits instead of hanging").isTrue();
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(Files.readString(log, StandardCharsets.UTF_8))
        .contains("Kaigi cannot start")
        .contains("event=node.start_failed");
  }

  @Test
  @DisplayName("a bad config value stops startup with a message naming the key")
  void badConfig() throws Exception {
    Path log = dir.resolve("bad.log");
    process =
        start(
            Map.of("KAIGI_HTTP_PORT", "eighty", "KAIGI_DATA_DIR", dir.resolve("d").toString()),
            log,
            "run");
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(Files.readString(log, StandardCharsets.UTF_8))
        .contains("KAIGI_HTTP_PORT")
        .contains("eighty");
  }
}
