package jp.kaigi.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kaigi.KaigiNode;
import jp.kaigi.testing.ApiClient;
import jp.kaigi.testing.FreePort;
import jp.kaigi.testing.Requirements;
import jp.kaigi.testing.TestDatabase;
import jp.kaigi.testing.TestNode;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distribution benchmark (run with {@code ops/kaigi bench-distribution}): 50 concurrent clients
 * download a ≥ 50 MB PDF from Kaigi (authenticated, access-checked, versioned URL) and from nginx
 * (Debian package) serving the same blob file from the same disk, with the same wrk load, in the
 * same run. Prints both and the ratio (target: Kaigi ≥ 0.8 × nginx).
 */
class DistributionBench {
  @TempDir Path dir;

  @Test
  void distribution() throws Exception {
    Requirements.require(onPath("nginx") != null, "nginx (Debian package nginx)");
    Requirements.require(onPath("wrk") != null, "wrk (Debian package wrk)");
    int seconds = Integer.getInteger("bench.seconds", 15);
    int connections = Integer.getInteger("bench.connections", 50);
    Path data = Files.createDirectories(dir.resolve("data"));
    Path pdf = bigPdf(dir.resolve("big.pdf"), Integer.getInteger("bench.mb", 55));
    long size = Files.size(pdf);
    try (TestNode node =
        TestNode.start(
            TestDatabase.H2,
            data,
            KaigiNode.Mode.DEMO,
            Map.of("KAIGI_DOCUMENT_MAX_UPLOAD_BYTES", String.valueOf(size + (1 << 20))))) {
      ApiClient clerk = node.login("clerk", "kaigi-demo-2026");
      long meeting = clerk.get("/api/v1/meetings").array().getJsonObject(0).getLong("id");
      JsonObject doc = upload(clerk, meeting, pdf);
      long id = doc.getLong("id");
      String sha =
          org.awaitility.Awaitility.await()
              .atMost(Duration.ofMinutes(5))
              .until(
                  () -> clerk.get("/api/v1/documents/" + id).json().getJsonObject("current"),
                  c -> c != null)
              .getString("sha256");
      ApiClient member = node.login("member1", "kaigi-demo-2026");
      String kaigiUrl = node.baseUrl() + "/api/v1/documents/" + id + "/versions/1/file";
      assertThat(
              member
                  .get("/api/v1/documents/" + id + "/versions/1/file", Map.of("Range", "bytes=0-9"))
                  .status())
          .isEqualTo(206);

      // nginx serves the very blob file Kaigi serves.
      Path blobDir =
          data.resolve("blobs").resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4));
      int nginxPort = FreePort.pick();
      Process nginx = startNginx(dir.resolve("nginx"), blobDir, nginxPort);
      try {
        String nginxUrl = "http://127.0.0.1:" + nginxPort + "/" + sha;
        try {
          waitFor(nginxUrl);
        } catch (RuntimeException e) {
          System.out.println(Files.readString(dir.resolve("nginx/logs/error.log")));
          throw e;
        }
        Result n = wrk(nginxUrl, null, connections, seconds);
        Result k = wrk(kaigiUrl, member.token(), connections, seconds);
        System.out.println();
        System.out.println("=== Kaigi distribution benchmark ===");
        System.out.printf(
            "file: %.1f MB PDF, %d connections, %d s each, wrk -t2, cores: %d%n",
            size / 1e6, connections, seconds, Runtime.getRuntime().availableProcessors());
        System.out.printf("%-22s %14s %14s %10s%n", "figure", "Kaigi", "nginx", "ratio");
        System.out.printf(
            "%-22s %14.1f %14.1f %10.2f%n",
            "requests/s",
            k.requestsPerSecond,
            n.requestsPerSecond,
            k.requestsPerSecond / n.requestsPerSecond);
        System.out.printf(
            "%-22s %14.0f %14.0f %10.2f%n",
            "MB/s",
            k.bytesPerSecond / 1e6,
            n.bytesPerSecond / 1e6,
            k.bytesPerSecond / n.bytesPerSecond);
        System.out.printf("%-22s %14s %14s%n", "latency p50", k.p50, n.p50);
        System.out.printf("%-22s %14s %14s%n", "latency p99", k.p99, n.p99);
        System.out.printf("%-22s %14d %14d%n", "non-2xx/errors", k.errors, n.errors);
        System.out.println("target: Kaigi >= 0.8 x nginx");
        System.out.println();
      } finally {
        nginx.destroy();
        nginx.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  record Result(
      double requestsPerSecond, double bytesPerSecond, String p50, String p99, long errors) {}

  static Result wrk(String url, String token, int connections, int seconds) throws Exception {
    var cmd =
        new java.util.ArrayList<String>(
            java.util.List.of(
                "wrk",
                "-t2",
                "-c" + connections,
                "-d" + seconds + "s",
                "--latency",
                "--timeout",
                "30s"));
    if (token != null) {
      cmd.add("-H");
      cmd.add("Authorization: Bearer " + token);
    }
    cmd.add(url);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    System.out.println(out);
    double rps = number(out, "Requests/sec:\\s+([0-9.]+)");
    Matcher t = Pattern.compile("Transfer/sec:\\s+([0-9.]+)([KMG]?B)").matcher(out);
    double bps = 0;
    if (t.find()) {
      double unit =
          switch (t.group(2)) {
            case "KB" -> 1024;
            case "MB" -> 1024 * 1024;
            case "GB" -> 1024.0 * 1024 * 1024;
            default -> 1;
          };
      bps = Double.parseDouble(t.group(1)) * unit;
    }
    Matcher p50 = Pattern.compile("50%\\s+(\\S+)").matcher(out);
    Matcher p99 = Pattern.compile("99%\\s+(\\S+)").matcher(out);
    Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)").matcher(out);
    return new Result(
        rps,
        bps,
        p50.find() ? p50.group(1) : "?",
        p99.find() ? p99.group(1) : "?",
        non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0);
  }

  static double number(String s, String regex) {
    Matcher m = Pattern.compile(regex).matcher(s);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  static Process startNginx(Path prefix, Path root, int port) throws IOException {
    Files.createDirectories(prefix.resolve("logs"));
    Path conf = prefix.resolve("nginx.conf");
    Files.writeString(
        conf,
        """
        worker_processes 2;
        daemon off;
        %s
        pid %s/nginx.pid;
        error_log %s/logs/error.log warn;
        events { worker_connections 1024; }
        http {
          access_log off;
          sendfile on;
          tcp_nopush on;
          default_type application/pdf;
          client_body_temp_path %s/tmp;
          proxy_temp_path %s/tmp;
          fastcgi_temp_path %s/tmp;
          uwsgi_temp_path %s/tmp;
          scgi_temp_path %s/tmp;
          server {
            listen 127.0.0.1:%d;
            root %s;
            location / { add_header Cache-Control "private, max-age=31536000, immutable"; }
          }
        }
        """
            .formatted(
                // Workers must read the test's private temp dir (they run as nobody otherwise).
                "root".equals(System.getProperty("user.name")) ? "user root;" : "",
                prefix,
                prefix,
                prefix,
                prefix,
                prefix,
                prefix,
                prefix,
                port,
                root));
    return new ProcessBuilder("nginx", "-p", prefix.toString(), "-c", conf.toString())
        .redirectErrorStream(true)
        .redirectOutput(prefix.resolve("logs/stdout.log").toFile())
        .start();
  }

  static void waitFor(String url) {
    var http = java.net.http.HttpClient.newHttpClient();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                .build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200);
  }

  static String onPath(String exe) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, exe))) {
        return d;
      }
    }
    for (String d : new String[] {"/usr/sbin", "/usr/bin"}) {
      if (Files.isExecutable(Path.of(d, exe))) {
        return d;
      }
    }
    return null;
  }

  /** A valid PDF of about {@code mb} MB: pages of incompressible noise images. */
  static Path bigPdf(Path out, int mb) throws IOException {
    Random random = new Random(42);
    try (PDDocument doc = new PDDocument()) {
      long bytes = 0;
      while (bytes < mb * 1_000_000L) {
        BufferedImage img = new BufferedImage(1000, 1000, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 1000; y++) {
          for (int x = 0; x < 1000; x++) {
            img.setRGB(x, y, random.nextInt(0x1000000));
          }
        }
        PDImageXObject x = LosslessFactory.createFromImage(doc, img);
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.drawImage(x, 20, 20, 555, 555);
        }
        bytes += 3_000_000;
      }
      doc.save(out.toFile());
    }
    return out;
  }

  static JsonObject upload(ApiClient clerk, long meeting, Path pdf) throws Exception {
    String boundary = "bench-" + UUID.randomUUID();
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n配布ベンチマーク資料\r\n"
                + "--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    HttpRequest req =
        clerk
            .authorize(
                HttpRequest.newBuilder(
                        URI.create(clerk.baseUrl() + "/api/v1/meetings/" + meeting + "/documents"))
                    .timeout(Duration.ofMinutes(5))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(
                        HttpRequest.BodyPublishers.concat(
                            HttpRequest.BodyPublishers.ofByteArray(head),
                            HttpRequest.BodyPublishers.ofFile(pdf),
                            HttpRequest.BodyPublishers.ofByteArray(tail))))
            .build();
    var r = clerk.http().send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return new JsonObject(r.body());
  }
}
