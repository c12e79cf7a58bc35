package jp.kaigi.document;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/**
 * A meeting document. {@code currentVersion} is what members get (the newest ready version, null
 * until one is ready); {@code latestVersion} may still be processing or have failed.
 */
public record Document(
    long id,
    long meetingId,
    Long agendaItemId,
    String title,
    boolean confidential,
    boolean withdrawn,
    int latestVersion,
    Integer currentVersion,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

  JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("meetingId", meetingId)
        .put("agendaItemId", agendaItemId)
        .put("title", title)
        .put("confidential", confidential)
        .put("withdrawn", withdrawn)
        .put("currentVersion", currentVersion)
        .put("createdAt", createdAt.toString())
        .put("updatedAt", updatedAt.toString());
  }
}
