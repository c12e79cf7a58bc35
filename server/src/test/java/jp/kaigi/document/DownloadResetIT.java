package jp.kaigi.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jp.kaigi.KaigiNode;
import jp.kaigi.testing.ApiClient;
import jp.kaigi.testing.Corpus;
import jp.kaigi.testing.LogCapture;
import jp.kaigi.testing.Multipart;
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
 * A tablet that drops off the Wi-Fi in the middle of a document download resets the connection
 * while the node streams the file ({@code sendFile}). That is normal: the node logs it at DEBUG,
 * not as an ERROR with a stack trace, and goes on serving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class DownloadResetIT {
  static final String PDF = "katagami-dx-plan.pdf"; // the corpus's largest PDF (~470 KB)
  static final int MAX_RESETS = 20;

  @TempDir static Path dataDir;
  TestNode node;
  ApiClient admin;
  Path pdf;
  String filePath;

  @BeforeAll
  void start() {
    pdf = Corpus.file(PDF);
    node = TestNode.start(TestDatabase.H2, dataDir, KaigiNode.Mode.RUN, Map.of());
    admin = node.admin();
    long meeting =
        admin
            .post(
                "/api/v1/meetings",
                new JsonObject()
                    .put("title", "令和8年12月定例会 総務委員会")
                    .put("kind", "committee")
                    .put("startsAt", "2026-12-01T10:00:00+09:00"))
            .json()
            .getLong("id");
    ApiClient.Response upload;
    try {
      upload =
          admin.execute(
              Multipart.request(
                  admin,
                  "POST",
                  "/api/v1/meetings/" + meeting + "/documents",
                  PDF,
                  Files.readAllBytes(pdf),
                  Map.of("title", "片上DX計画")));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(upload.status()).as(upload.body()).isEqualTo(202);
    long id = upload.json().getLong("id");
    JsonObject[] doc = new JsonObject[1];
    await("document ready")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              doc[0] = admin.get("/api/v1/documents/" + id).json();
              return "ready".equals(doc[0].getString("status"));
            });
    filePath =
        "/api/v1/documents/" + id + "/versions/" + doc[0].getInteger("currentVersion") + "/file";
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  @DisplayName("a client resetting the connection mid-download is no ERROR, and the node serves on")
  void resetMidDownload() throws Exception {
    try (LogCapture logs = LogCapture.start("jp.kaigi.http")) {
      // Some resets come after the whole file went into the socket's buffer (the node sees them
      // only as a reset connection); go on until one has come while sendFile was still writing.
      for (int i = 0; i < MAX_RESETS && duringSendFile(logs).isEmpty(); i++) {
        downloadALittleThenReset();
        Thread.sleep(200);
      }
      Thread.sleep(1000);
      assertThat(logs.atLeast(Level.ERROR))
          .as("ERRORs logged for a client's reset")
          .extracting(LogCapture::describe)
          .isEmpty();
      assertThat(logs.atLeast(Level.WARN))
          .as("WARNs about the connection")
          .filteredOn(
              e ->
                  e.getLoggerName().startsWith("jp.kaigi.http")
                      || e.getLoggerName().startsWith("io.vertx")
                      || e.getLoggerName().startsWith("io.netty"))
          .extracting(LogCapture::describe)
          .isEmpty();
      // It did see one while streaming, and at DEBUG: the file was still being sent.
      assertThat(duringSendFile(logs))
          .extracting(LogCapture::describe)
          .isNotEmpty()
          .allMatch(e -> e.startsWith("DEBUG"));
    }

    HttpResponse<byte[]> whole =
        admin
            .http()
            .send(
                admin
                    .authorize(HttpRequest.newBuilder(URI.create(node.baseUrl() + filePath)))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(Files.readAllBytes(pdf));
  }

  /** GET the file with a tiny receive window, read 8 KB, then close with SO_LINGER 0 (RST). */
  private void downloadALittleThenReset() throws Exception {
    try (Socket s = new Socket()) {
      s.setReceiveBufferSize(2048);
      s.connect(new InetSocketAddress("127.0.0.1", node.port()), 5000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET "
                  + filePath
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + admin.token()
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] start = in.readNBytes(8192);
      assertThat(new String(start, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
      s.setSoLinger(true, 0);
    }
  }

  /** What the node logged for a request whose sendFile failed: aborted (DEBUG) or an error. */
  private static List<ILoggingEvent> duringSendFile(LogCapture logs) {
    return logs.events().stream()
        .filter(
            e ->
                e.getFormattedMessage().contains("event=http.client-aborted")
                    || e.getFormattedMessage().contains("event=http.error"))
        .toList();
  }
}
