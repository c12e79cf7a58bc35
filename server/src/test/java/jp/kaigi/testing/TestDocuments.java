package jp.kaigi.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.awaitility.Awaitility;

/** Meeting documents for tests that need real ones (page sync points tablets at them). */
public final class TestDocuments {
  private TestDocuments() {}

  /** A PDF of blank pages, built here (PDFBox). */
  public static byte[] blankPdf(int pages) {
    try (PDDocument doc = new PDDocument()) {
      for (int i = 0; i < pages; i++) {
        doc.addPage(new PDPage());
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code POST /api/v1/meetings/{id}/documents} as multipart with the given form fields. */
  public static ApiClient.Response upload(
      ApiClient as, long meetingId, Map<String, String> fields, String fileName, byte[] file) {
    return as.execute(
        Multipart.request(
            as, "POST", "/api/v1/meetings/" + meetingId + "/documents", fileName, file, fields));
  }

  /** Uploads a blank PDF and waits until it is ready; returns the document's JSON. */
  public static JsonObject uploadReady(
      ApiClient clerk, long meetingId, String title, int pages, Map<String, String> fields) {
    Map<String, String> all = new java.util.HashMap<>(fields);
    all.put("title", title);
    ApiClient.Response r = upload(clerk, meetingId, all, "doc.pdf", blankPdf(pages));
    assertThat(r.status()).as(r.body()).isIn(200, 201, 202);
    long id = r.json().getLong("id");
    JsonObject[] ready = new JsonObject[1];
    Awaitility.await("document " + id + " ready")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              ready[0] = clerk.get("/api/v1/documents/" + id).json();
              return "ready".equals(ready[0].getString("status"));
            });
    return ready[0];
  }
}
