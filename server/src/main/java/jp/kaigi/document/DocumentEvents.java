package jp.kaigi.document;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Event-bus addresses for document changes, published after the change is committed and the version
 * is ready. Body: {@code {meetingId, documentId, version, title, pages, sha256, confidential,
 * allowedUserIds?}}; {@code allowedUserIds} only for confidential documents (who may see it besides
 * clerks and admins) — consumers must not forward a confidential event to others.
 */
public final class DocumentEvents {
  public static final String PUBLISHED = "kaigi.document.published";
  public static final String REPLACED = "kaigi.document.replaced";
  public static final String WITHDRAWN = "kaigi.document.withdrawn";

  private DocumentEvents() {}

  /** The {@code event} name tablets see for an address: published, replaced or withdrawn. */
  public static String kind(String address) {
    return switch (address) {
      case PUBLISHED -> "published";
      case REPLACED -> "replaced";
      case WITHDRAWN -> "withdrawn";
      default -> throw new IllegalArgumentException(address);
    };
  }

  static JsonObject body(
      long meetingId,
      long documentId,
      int version,
      String title,
      int pages,
      String sha256,
      boolean confidential,
      Set<Long> allowedUserIds) {
    JsonObject json =
        new JsonObject()
            .put("meetingId", meetingId)
            .put("documentId", documentId)
            .put("version", version)
            .put("title", title)
            .put("pages", pages)
            .put("sha256", sha256)
            .put("confidential", confidential);
    if (confidential) {
      json.put("allowedUserIds", new JsonArray(allowedUserIds.stream().sorted().toList()));
    }
    return json;
  }
}
