package jp.kaigi.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import jp.kaigi.KaigiNode;
import jp.kaigi.testing.ApiClient;
import jp.kaigi.testing.LogCapture;
import jp.kaigi.testing.TestDatabase;
import jp.kaigi.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests a client got wrong at the HTTP level (a broken percent-escape in the query or the path,
 * a very long search, headers over the limit, a request that is no HTTP) get a clear answer as
 * problem+json, even those refused before any route saw them, and no ERROR in the node's log. The
 * requests are written on a plain socket: the JDK's client refuses to send a malformed URI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class MalformedRequestIT {
  @TempDir static Path dataDir;
  TestNode node;
  ApiClient admin;

  @BeforeAll
  void start() {
    node = TestNode.start(TestDatabase.H2, dataDir, KaigiNode.Mode.RUN, Map.of());
    admin = node.admin();
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/search?q=%zz",
        "/api/v1/search?q=ok&from=%",
        "/api/v1/office/now?site=%zz",
        "/api/v1/alerts?state=%zz",
        "/api/v1/meetings?x=%zz",
        "/index.html?v=%zz"
      })
  @DisplayName("a malformed percent-escape in the query is a 400 bad-request problem, no ERROR")
  void malformedQuery(String target) throws IOException {
    assertBadRequest(target);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/meetings/%zz",
        "/api/v1/meetings/%",
        "/api/v1/documents/1%G0/versions/1/file",
        "/%zz"
      })
  @DisplayName("a malformed percent-escape in the path is a 400 bad-request problem, no ERROR")
  void malformedPath(String target) throws IOException {
    assertBadRequest(target);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET /no-such-page.html",
        "GET /webjars/no-such/file.js",
        "GET /css/",
        "POST /index.html",
        "DELETE /",
        "PUT /sw.js",
        "TRACE /",
      })
  @DisplayName(
      "what the router answers itself (no route took the request) is a 404 not-found problem, not"
          + " Vert.x-web's HTML page")
  void noRouteTookIt(String requestLine) throws IOException {
    try (LogCapture logs = LogCapture.start()) {
      Raw answer = send(requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
      assertProblem(answer, 404, "not-found");
      assertThat(new JsonObject(answer.body()).getString("instance"))
          .isEqualTo(requestLine.substring(requestLine.indexOf(' ') + 1));
      // The security headers are there too (they come before any route).
      assertThat(answer.header("content-security-policy")).isNotBlank();
      assertThat(logs.atLeast(Level.WARN)).extracting(LogCapture::describe).isEmpty();
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "DELETE /api/v1/meetings | GET, POST",
        "PUT /api/v1/session | POST, DELETE",
        "PATCH /api/v1/meetings/1/status | PUT",
        "POST /api/v1/search?q=x | GET",
        "POST /api/v1/documents/1/versions/1/file | GET, HEAD",
        // /devices/import is a /devices/:id too: the methods of both routes
        "PUT /api/v1/devices/import | POST, GET, PATCH, DELETE",
      })
  @DisplayName(
      "a method an API path does not take is a 405 method-not-allowed problem, Allow naming the"
          + " methods it does take")
  void wrongMethod(String requestLine, String allow) throws IOException {
    try (LogCapture logs = LogCapture.start()) {
      Raw answer = request(requestLine);
      assertProblem(answer, 405, "method-not-allowed");
      assertThat(answer.header("allow")).as(answer.head()).isNotNull();
      assertThat(answer.header("allow").split(",\\s*"))
          .containsExactlyInAnyOrder(allow.split(",\\s*"));
      assertThat(logs.atLeast(Level.WARN)).extracting(LogCapture::describe).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET /api/v1/nothing",
        "DELETE /api/v1/nothing",
        "POST /api/v1/meetings/1/nothing",
        "GET /api/v1/meetings/1/documents/2"
      })
  @DisplayName("a path no API route serves is a 404 not-found problem, whatever the method")
  void unknownApiPath(String requestLine) throws IOException {
    Raw answer = request(requestLine);
    assertProblem(answer, 404, "not-found");
    assertThat(answer.header("allow")).isNull();
  }

  @Test
  @DisplayName("the methods an API path takes are still answered by its routes")
  void rightMethod() throws IOException {
    assertThat(request("GET /api/v1/meetings").status()).isEqualTo(200);
    assertThat(request("GET /api/v1/search?q=x").status()).isEqualTo(200);
    // A route of its own took it: no such document, rather than no such route.
    Raw file = request("GET /api/v1/documents/999999/versions/1/file");
    assertProblem(file, 404, "not-found");
    assertThat(new JsonObject(file.body()).getString("detail")).isEqualTo("Document not found");
  }

  @Test
  @DisplayName(
      "a Range past the end of a static file is a 416 range-not-satisfiable problem with the"
          + " file's length, as a document's is")
  void rangePastTheEndOfAStaticFile() throws IOException {
    Raw answer =
        send(
            "GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=99999999-\r\n"
                + "Connection: close\r\n");
    assertProblem(answer, 416, "range-not-satisfiable");
    assertThat(answer.header("content-range")).matches("bytes \\*/[1-9][0-9]*");
  }

  @Test
  @DisplayName("an HTTP/1.1 request without a Host header is a 400 bad-request problem, no ERROR")
  void missingHost() throws IOException {
    try (LogCapture logs = LogCapture.start()) {
      Raw answer = raw("/api/v1/me", false);
      assertThat(answer.status()).as(answer.head()).isEqualTo(400);
      assertThat(answer.header("content-type")).startsWith("application/problem+json");
      assertThat(new JsonObject(answer.body()).getString("type"))
          .isEqualTo("urn:kaigi:problem:bad-request");
      assertThat(logs.atLeast(Level.ERROR)).extracting(LogCapture::describe).isEmpty();
    }
  }

  @Test
  @DisplayName("a search of 500 kanji with every filter fits the request line and is answered")
  void longestSearchFits() throws IOException {
    String q = "議".repeat(500);
    String target =
        "/api/v1/search?q="
            + encode(q)
            + "&meeting=9223372036854775807&from=2026-12-01&to=2026-12-31&page=50&size=100";
    Raw answer = raw(target);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(new JsonObject(answer.body()).getString("q")).isEqualTo(q);

    Raw tooMany = raw("/api/v1/search?q=" + encode(q + "議"));
    assertThat(tooMany.status()).as(tooMany.body()).isEqualTo(400);
    assertThat(new JsonObject(tooMany.body()).getString("type"))
        .isEqualTo("urn:kaigi:problem:validation");
  }

  @Test
  @DisplayName(
      "a request line over the server's limit is a 414 uri-too-long problem, the connection closed,"
          + " no WARN")
  void requestLineOverTheLimit() throws IOException {
    try (LogCapture logs = LogCapture.start()) {
      // No "Connection: close": the answer is read to the end only if the server closes.
      Raw answer =
          send(
              "GET /api/v1/search?q="
                  + encode("議".repeat(1000))
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + admin.token()
                  + "\r\n");
      assertProblem(answer, 414, "uri-too-long");
      assertThat(new JsonObject(answer.body()).getString("detail"))
          .isEqualTo("The request line is over 8,192 bytes");
      assertThat(new JsonObject(answer.body()).containsKey("instance")).isFalse();
      assertThat(logs.atLeast(Level.WARN)).extracting(LogCapture::describe).isEmpty();
      assertThat(logs.events())
          .extracting(LogCapture::describe)
          .anyMatch(
              e -> e.startsWith("INFO") && e.contains("event=http.request_refused status=414"));
    }
    // The node serves on.
    assertThat(admin.get("/api/v1/me").status()).isEqualTo(200);
  }

  @Test
  @DisplayName(
      "headers over the server's limit are a 431 headers-too-large problem, the connection closed,"
          + " no WARN")
  void headersOverTheLimit() throws IOException {
    try (LogCapture logs = LogCapture.start()) {
      Raw answer =
          send(
              "GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: big="
                  + "a".repeat(9000)
                  + "\r\n");
      assertProblem(answer, 431, "headers-too-large");
      assertThat(new JsonObject(answer.body()).getString("detail"))
          .isEqualTo("The request headers are over 8,192 bytes");
      assertThat(logs.atLeast(Level.WARN)).extracting(LogCapture::describe).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET /a b c HTTP/1.1\r\nHost: 127.0.0.1\r\n",
        "POST /api/v1/meetings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n",
        "GARBAGE\r\n"
      })
  @DisplayName(
      "a request the HTTP decoder cannot read is a 400 bad-request problem, the connection closed,"
          + " no WARN")
  void unreadableRequest(String head) throws IOException {
    try (LogCapture logs = LogCapture.start()) {
      Raw answer = send(head);
      assertProblem(answer, 400, "bad-request");
      assertThat(logs.atLeast(Level.WARN)).extracting(LogCapture::describe).isEmpty();
    }
  }

  @Test
  @DisplayName("a JSON or CSV body over 1 MiB is a 413 body-too-large problem, not an upload's")
  void bodyOverTheLimit() {
    String big = "議".repeat(400_000); // 1.2 MB of UTF-8
    ApiClient.Response json =
        admin.post(
            "/api/v1/meetings",
            new JsonObject()
                .put("title", big)
                .put("kind", "committee")
                .put("startsAt", "2026-12-01T10:00:00+09:00"));
    assertThat(json.status()).as(json.body()).isEqualTo(413);
    assertThat(json.problemType()).isEqualTo("body-too-large");
    // The limit as a value, for the UI's words (one source: HttpServer.JSON_BODY_LIMIT).
    assertThat(json.json().getLong("maxBytes")).isEqualTo(1024 * 1024);

    ApiClient.Response csv =
        admin.execute(
            admin
                .authorize(
                    java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(node.baseUrl() + "/api/v1/devices/import")))
                .header("Content-Type", "text/csv; charset=utf-8")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("id,kind\n" + big))
                .build());
    assertThat(csv.status()).as(csv.body()).isEqualTo(413);
    assertThat(csv.problemType()).isEqualTo("body-too-large");
    assertThat(csv.json().getLong("maxBytes")).isEqualTo(1024 * 1024);
  }

  private void assertBadRequest(String target) throws IOException {
    try (LogCapture logs = LogCapture.start()) {
      Raw answer = raw(target);
      assertThat(answer.status()).as(answer.head()).isEqualTo(400);
      assertThat(answer.header("content-type")).startsWith("application/problem+json");
      JsonObject problem = new JsonObject(answer.body());
      assertThat(problem.getString("type")).isEqualTo("urn:kaigi:problem:bad-request");
      assertThat(problem.getInteger("status")).isEqualTo(400);
      assertThat(problem.getString("detail")).containsIgnoringCase("percent");
      assertThat(logs.atLeast(Level.ERROR)).extracting(LogCapture::describe).isEmpty();
    }
  }

  private static void assertProblem(Raw answer, int status, String type) {
    assertThat(answer.status()).as(answer.head()).isEqualTo(status);
    assertThat(answer.header("content-type")).startsWith("application/problem+json");
    JsonObject problem = new JsonObject(answer.body());
    assertThat(problem.getString("type")).isEqualTo("urn:kaigi:problem:" + type);
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("detail")).isNotBlank();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  record Raw(int status, String head, String body) {
    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  /** One request without a body ("METHOD target") with the admin's token, as {@link #raw}. */
  private Raw request(String requestLine) throws IOException {
    return send(
        requestLine
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + admin.token()
            + "\r\nContent-Length: 0\r\nConnection: close\r\n");
  }

  /** One GET with the admin's token, written as is; the connection closes after the answer. */
  private Raw raw(String target) throws IOException {
    return raw(target, true);
  }

  private Raw raw(String target, boolean host) throws IOException {
    return send(
        "GET "
            + target
            + " HTTP/1.1\r\n"
            + (host ? "Host: 127.0.0.1\r\n" : "")
            + "Authorization: Bearer "
            + admin.token()
            + "\r\nConnection: close\r\n");
  }

  /**
   * Writes a request's head as is (each line ending in CRLF; the blank line is added) and reads
   * until the server closes the connection.
   */
  private Raw send(String head) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", node.port()), 5000);
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write((head + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      String answerHead = end < 0 ? text : text.substring(0, end);
      String body = end < 0 ? "" : text.substring(end + 4);
      if (answerHead.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
        body = unchunk(body);
      }
      int status = Integer.parseInt(answerHead.substring(9, 12));
      return new Raw(status, answerHead, body);
    }
  }

  private static String unchunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < chunked.length()) {
      int eol = chunked.indexOf("\r\n", i);
      int size = Integer.parseInt(chunked.substring(i, eol).trim(), 16);
      if (size == 0) {
        break;
      }
      // Sizes count bytes; the bodies here are ASCII JSON.
      out.append(chunked, eol + 2, eol + 2 + size);
      i = eol + 2 + size + 2;
    }
    return out.toString();
  }
}
