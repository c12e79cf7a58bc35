package jp.kaigi.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import jp.kaigi.KaigiNode;
import jp.kaigi.store.StoreConfig;
import jp.kaigi.testing.ApiClient;
import jp.kaigi.testing.TestDatabase;
import jp.kaigi.testing.TestDocuments;
import jp.kaigi.testing.TestNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A version whose processing fails is {@code failed} with a stable reason code ({@code failure},
 * see {@link DocumentFailure}) and its English {@code failureDetail}. Two versions left in {@code
 * processing} by a crash are processed again at the next start: one whose stored file is gone, one
 * whose stored file is no longer a PDF.
 */
@Timeout(300)
class DocumentFailureIT {
  @TempDir Path dataDir;

  @Test
  @DisplayName("a lost file fails as file-missing, an unreadable PDF as extract-failed")
  void reasonsAreCodes() throws Exception {
    long missing;
    long unreadable;
    String missingSha;
    String unreadableSha;
    try (TestNode node = TestNode.start(TestDatabase.H2, dataDir, KaigiNode.Mode.RUN)) {
      ApiClient admin = node.admin();
      long meeting =
          admin
              .post(
                  "/api/v1/meetings",
                  new JsonObject()
                      .put("title", "処理失敗の試験")
                      .put("kind", "committee")
                      .put("startsAt", "2026-12-01T10:00:00+09:00"))
              .json()
              .getLong("id");
      JsonObject a = TestDocuments.uploadReady(admin, meeting, "消えたファイル", 1, Map.of());
      JsonObject b = TestDocuments.uploadReady(admin, meeting, "読めないPDF", 2, Map.of());
      missing = a.getLong("id");
      unreadable = b.getLong("id");
      missingSha = a.getJsonObject("current").getString("sha256");
      unreadableSha = b.getJsonObject("current").getString("sha256");
    }

    // As after a crash mid-processing: both versions back in processing, not yet current.
    try (Connection c =
        DriverManager.getConnection(StoreConfig.h2Url(dataDir.resolve("db").resolve("kaigi")))) {
      for (long id : new long[] {missing, unreadable}) {
        try (PreparedStatement ps =
            c.prepareStatement("UPDATE documents SET current_version = NULL WHERE id = ?")) {
          ps.setLong(1, id);
          ps.executeUpdate();
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE document_versions SET status = 'processing', text_pages = NULL"
                    + " WHERE document_id = ?")) {
          ps.setLong(1, id);
          ps.executeUpdate();
        }
      }
    }
    BlobStore blobs = new BlobStore(dataDir);
    Files.delete(blobs.path(missingSha));
    Files.writeString(blobs.path(unreadableSha), "no longer a PDF", StandardCharsets.US_ASCII);

    try (TestNode restarted = TestNode.start(TestDatabase.H2, dataDir, KaigiNode.Mode.RUN)) {
      ApiClient admin = restarted.admin();
      JsonObject lost = failed(admin, missing);
      assertThat(lost.getString("failure")).isEqualTo("file-missing");
      assertThat(lost.getString("failureDetail")).contains(missingSha).contains("missing");
      JsonObject version = lost.getJsonArray("versions").getJsonObject(0);
      assertThat(version.getString("failure")).isEqualTo("file-missing");
      assertThat(version.getString("failureDetail")).isEqualTo(lost.getString("failureDetail"));

      JsonObject bad = failed(admin, unreadable);
      assertThat(bad.getString("failure")).isEqualTo("extract-failed");
      assertThat(bad.getString("failureDetail")).startsWith("The PDF's text could not be read");
    }
  }

  private static JsonObject failed(ApiClient admin, long id) {
    JsonObject[] doc = new JsonObject[1];
    await("document " + id + " failed")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              doc[0] = admin.get("/api/v1/documents/" + id).json();
              return "failed".equals(doc[0].getString("status"));
            });
    return doc[0];
  }
}
