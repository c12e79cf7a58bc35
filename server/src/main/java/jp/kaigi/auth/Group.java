package jp.kaigi.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A group of users (e.g. 総務委員会, 部長会議) that can be invited to a meeting as a whole. */
public record Group(long id, String name, String description, List<Long> memberIds) {
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("description", description)
        .put("memberIds", new JsonArray(List.copyOf(memberIds)));
  }
}
