package jp.kaigi.meeting;

import io.vertx.core.json.JsonObject;

/** A user or a whole group invited to a meeting, with a meeting role. */
public record Participant(
    long id, long meetingId, Long userId, Long groupId, String name, MeetingRole role) {
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("userId", userId)
        .put("groupId", groupId)
        .put("name", name)
        .put("role", role.wire());
  }
}
