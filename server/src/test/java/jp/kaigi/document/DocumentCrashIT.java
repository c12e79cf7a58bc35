package jp.kaigi.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jp.kaigi.KaigiNode;
import jp.kaigi.testing.ApiClient;
import jp.kaigi.testing.ApiClient.Response;
import jp.kaigi.testing.FreePort;
import jp.kaigi.testing.Multipart;
import jp.kaigi.testing.TestDatabase;
import jp.kaigi.testing.TestNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real node process in the middle of an upload and in the middle of
 * processing: after a restart no half-document is visible, temp files are gone, and the document
 * that was processing becomes ready. A graceful stop while processing loses nothing either.
 */
@Timeout(600)
class DocumentCrashIT {
  @TempDir static Path dataDir;

  @Test
  @DisplayName("kill -9 mid-upload and mid-processing leaves no visible half-document")
  void killNine() throws Exception {
    Map<String, String> db = TestDatabase.H2.create(dataDir);
    int port = FreePort.pick();
    Process node = startProcess(db, port);
    long meeting;
    try {
      ApiClient admin = new ApiClient("http://127.0.0.1:" + port);
      await()
          .atMost(Duration.ofMinutes(2))
          .ignoreExceptions()
          .until(() -> admin.login("admin", TestNode.ADMIN_PASSWORD).status() == 200);
      Response m =
          admin.post(
              "/api/v1/meetings",
              new JsonObject()
                  .put("title", "クラッシュ試験")
                  .put("kind", "committee")
                  .put("startsAt", "2026-12-01T10:00:00+09:00"));
      meeting = m.json().getLong("id");

      // 1. A finished upload, killed while it is being processed (text, index).
      Response done =
          admin.execute(
              Multipart.request(
                  admin,
                  "POST",
                  "/api/v1/meetings/" + meeting + "/documents",
                  "katagami-dx-plan.pdf",
                  TestFiles.corpus("katagami-dx-plan.pdf"),
                  Map.of()));
      assertThat(done.status()).as(done.body()).isEqualTo(202);

      // 2. An upload that is half sent: the server holds a partial temp file.
      try (Socket s = new Socket("127.0.0.1", port)) {
        OutputStream out = s.getOutputStream();
        String boundary = "crash-boundary";
        String head =
            "--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"half.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n";
        byte[] pdf = TestFiles.corpus("toon-digital-master-plan.pdf");
        out.write(
            ("POST /api/v1/meetings/"
                    + meeting
                    + "/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + admin.token()
                    + "\r\nContent-Type: multipart/form-data; boundary="
                    + boundary
                    + "\r\nContent-Length: "
                    + (head.length() + pdf.length + 100)
                    + "\r\n\r\n"
                    + head)
                .getBytes(StandardCharsets.UTF_8));
        out.write(pdf, 0, pdf.length / 2);
        out.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> tmpFiles() > 0);
        node.destroyForcibly(); // SIGKILL
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      node.destroyForcibly();
    }

    try (TestNode restarted = TestNode.start(TestDatabase.H2, dataDir, KaigiNode.Mode.RUN)) {
      assertThat(tmpFiles()).isZero();
      ApiClient admin = restarted.admin();
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> statuses(admin, meeting).allMatch("ready"::equals));
      JsonArray docs = admin.get("/api/v1/meetings/" + meeting + "/documents").array();
      assertThat(docs).hasSize(1); // the half-sent upload left nothing
      JsonObject doc = docs.getJsonObject(0);
      assertThat(doc.getJsonObject("current").getInteger("pages")).isEqualTo(32);
      var file =
          admin
              .http()
              .send(
                  admin
                      .authorize(
                          java.net.http.HttpRequest.newBuilder(
                              java.net.URI.create(
                                  restarted.baseUrl()
                                      + "/api/v1/documents/"
                                      + doc.getLong("id")
                                      + "/versions/1/file")))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      assertThat(file.body()).isEqualTo(TestFiles.corpus("katagami-dx-plan.pdf"));
      Response hits = admin.get("/api/v1/search?q=%E8%AD%B0%E4%BA%8B%E9%8C%B2");
      assertThat(hits.json().getLong("total")).isPositive();
    }
  }

  static long tmpFiles() throws Exception {
    Path tmp = dataDir.resolve("tmp");
    if (!Files.isDirectory(tmp)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(tmp)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @Test
  @DisplayName(
      "a node stopped while documents are processing leaves them to the next start, not failed")
  void stopWhileProcessing(@TempDir Path data) throws Exception {
    long meeting;
    try (TestNode node = TestNode.start(TestDatabase.H2, data, KaigiNode.Mode.RUN)) {
      ApiClient admin = node.admin();
      meeting =
          admin
              .post(
                  "/api/v1/meetings",
                  new JsonObject()
                      .put("title", "停止試験")
                      .put("kind", "committee")
                      .put("startsAt", "2026-12-01T10:00:00+09:00"))
              .json()
              .getLong("id");
      // One document processed first, so what processing loads once per JVM (fonts, dictionaries)
      // is loaded before a stop interrupts it: these nodes share the test's JVM.
      String[] files = {
        "katagami-dx-plan.pdf", "toon-digital-master-plan.pdf", "higashiomi-dx-plan.pdf"
      };
      for (int i = 0; i < files.length; i++) {
        String f = files[i];
        Response r =
            admin.execute(
                Multipart.request(
                    admin,
                    "POST",
                    "/api/v1/meetings/" + meeting + "/documents",
                    f,
                    TestFiles.corpus(f),
                    Map.of()));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        if (i == 0) {
          await()
              .atMost(Duration.ofMinutes(1))
              .until(() -> statuses(admin, meeting).allMatch("ready"::equals));
        }
      }
      // Closed at once: the last uploads are still being processed (extract, index).
    }
    try (TestNode restarted = TestNode.start(TestDatabase.H2, data, KaigiNode.Mode.RUN)) {
      ApiClient admin = restarted.admin();
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> statuses(admin, meeting).noneMatch("processing"::equals));
      assertThat(statuses(admin, meeting)).hasSize(3).allMatch("ready"::equals);
    }
  }

  /** The status of each document of the meeting, as a clerk's listing shows it. */
  static Stream<String> statuses(ApiClient as, long meeting) {
    return as.get("/api/v1/meetings/" + meeting + "/documents").array().stream()
        .map(d -> ((JsonObject) d).getString("status"));
  }

  static Process startProcess(Map<String, String> db, int port) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"), "jp.kaigi.Main", "run")
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolve("node.log").toFile());
    Map<String, String> env = new HashMap<>(db);
    env.put("KAIGI_HTTP_HOST", "127.0.0.1");
    env.put("KAIGI_HTTP_PORT", String.valueOf(port));
    env.put("KAIGI_DATA_DIR", dataDir.toString());
    env.put("KAIGI_ADMIN_PASSWORD", TestNode.ADMIN_PASSWORD);
    env.put("KAIGI_HTTP_INSTANCES", "1");
    env.put("KAIGI_MQTT_ENABLED", "false");
    pb.environment().putAll(env);
    return pb.start();
  }
}
