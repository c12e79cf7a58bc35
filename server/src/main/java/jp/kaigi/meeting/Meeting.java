package jp.kaigi.meeting;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

public record Meeting(
    long id,
    String title,
    MeetingKind kind,
    Long groupId,
    OffsetDateTime startsAt,
    String room,
    MeetingStatus status,
    boolean recall,
    OffsetDateTime updatedAt) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("title", title)
        .put("kind", kind.wire())
        .put("groupId", groupId)
        .put("startsAt", startsAt.toString())
        .put("room", room)
        .put("status", status.wire())
        .put("recall", recall)
        .put("updatedAt", updatedAt.toString());
  }
}
