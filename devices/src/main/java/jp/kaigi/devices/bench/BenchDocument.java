package jp.kaigi.devices.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A meeting document for the page-sync benchmark: page sync only points tablets at real, ready
 * documents, and the benchmark numbers its pages, so it uploads a blank PDF with enough of them.
 */
public final class BenchDocument {
  private BenchDocument() {}

  /** Uploads a blank {@code pages}-page PDF as {@code token}'s user and waits until it is ready. */
  public static Future<Long> upload(Vertx vertx, URI node, String token, long meeting, int pages) {
    HttpClient http = vertx.createHttpClient();
    String boundary = "kaigi-bench-" + System.nanoTime();
    Buffer body = Buffer.buffer();
    body.appendString(
        "--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n");
    body.appendString("ベンチマーク資料 " + pages + "ページ\r\n", "UTF-8");
    body.appendString(
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench.pdf\"\r\n"
            + "Content-Type: application/pdf\r\n\r\n");
    body.appendBytes(blankPdf(pages));
    body.appendString("\r\n--" + boundary + "--\r\n");
    return request(
            http,
            node,
            HttpMethod.POST,
            "/api/v1/meetings/" + meeting + "/documents",
            token,
            "multipart/form-data; boundary=" + boundary,
            body)
        .compose(doc -> awaitReady(vertx, http, node, token, doc.getLong("id"), 600))
        .eventually(http::close);
  }

  private static Future<Long> awaitReady(
      Vertx vertx, HttpClient http, URI node, String token, long id, int triesLeft) {
    return request(http, node, HttpMethod.GET, "/api/v1/documents/" + id, token, null, null)
        .compose(
            doc -> {
              if ("ready".equals(doc.getString("status"))) {
                return Future.succeededFuture(id);
              }
              if ("failed".equals(doc.getString("status")) || triesLeft == 0) {
                return Future.failedFuture("bench document " + id + ": " + doc.encode());
              }
              Promise<Long> later = Promise.promise();
              vertx.setTimer(
                  100,
                  t -> awaitReady(vertx, http, node, token, id, triesLeft - 1).onComplete(later));
              return later.future();
            });
  }

  private static Future<JsonObject> request(
      HttpClient http,
      URI node,
      HttpMethod method,
      String path,
      String token,
      String contentType,
      Buffer body) {
    RequestOptions o =
        new RequestOptions()
            .setMethod(method)
            .setHost(node.getHost())
            .setPort(node.getPort())
            .setURI(path)
            .putHeader("Authorization", "Bearer " + token);
    if (contentType != null) {
      o.putHeader("Content-Type", contentType);
    }
    return http.request(o)
        .compose(req -> body == null ? req.send() : req.send(body))
        .compose(
            resp ->
                resp.body()
                    .compose(
                        b ->
                            resp.statusCode() / 100 == 2
                                ? Future.succeededFuture(new JsonObject(b.toString()))
                                : Future.failedFuture(
                                    method + " " + path + ": " + resp.statusCode() + " " + b)));
  }

  /** The smallest valid PDF with {@code pages} blank A4 pages (written by hand: no PDF library). */
  static byte[] blankPdf(int pages) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Integer> offsets = new ArrayList<>();
    write(out, "%PDF-1.4\n");
    offsets.add(out.size());
    write(out, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    StringBuilder kids = new StringBuilder();
    for (int i = 0; i < pages; i++) {
      kids.append(3 + i).append(" 0 R ");
    }
    offsets.add(out.size());
    write(out, "2 0 obj\n<< /Type /Pages /Kids [" + kids + "] /Count " + pages + " >>\nendobj\n");
    for (int i = 0; i < pages; i++) {
      offsets.add(out.size());
      write(
          out,
          (3 + i) + " 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n");
    }
    int xref = out.size();
    write(out, "xref\n0 " + (offsets.size() + 1) + "\n0000000000 65535 f \n");
    for (int off : offsets) {
      write(out, String.format("%010d 00000 n \n", off));
    }
    write(
        out,
        "trailer\n<< /Size "
            + (offsets.size() + 1)
            + " /Root 1 0 R >>\nstartxref\n"
            + xref
            + "\n%%EOF\n");
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }
}
