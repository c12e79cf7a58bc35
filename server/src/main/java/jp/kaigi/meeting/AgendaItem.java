package jp.kaigi.meeting;

import io.vertx.core.json.JsonObject;

public record AgendaItem(
    long id, long meetingId, int position, String title, String presenter, String notes) {
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("position", position)
        .put("title", title)
        .put("presenter", presenter)
        .put("notes", notes);
  }
}
