package jp.kaigi.document;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/**
 * One uploaded file of a document (差し替え adds a version). The display file is a PDF.
 *
 * @param failure why processing failed, a {@link DocumentFailure} code; null unless failed
 * @param failureDetail the failure in English, for operators; null unless failed
 * @param textPages pages with extracted text (the others, e.g. scanned, cannot be found by search);
 *     null until the version is ready, and for versions stored before it was counted
 */
public record DocumentVersion(
    long documentId,
    int version,
    String status,
    String failure,
    String failureDetail,
    String originalName,
    String originalType,
    String originalSha256,
    long originalSize,
    String sha256,
    long size,
    int pages,
    Integer textPages,
    OffsetDateTime createdAt) {
  public static final String PROCESSING = "processing";
  public static final String READY = "ready";
  public static final String FAILED = "failed";

  JsonObject toJson() {
    String base = "/api/v1/documents/" + documentId + "/versions/" + version;
    JsonObject json =
        new JsonObject()
            .put("version", version)
            .put("status", status)
            .put("pages", pages)
            .put("size", size)
            .put("sha256", sha256)
            .put("originalName", originalName)
            .put("originalType", originalType)
            .put("createdAt", createdAt.toString())
            .put("fileUrl", base + "/file")
            .put("thumbnailUrl", base + "/pages/{page}/thumbnail");
    if (failure != null) {
      json.put("failure", failure);
      json.put("failureDetail", failureDetail);
    }
    if (textPages != null) {
      json.put("textPages", textPages);
    }
    return json;
  }
}
