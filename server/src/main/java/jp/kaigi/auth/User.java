package jp.kaigi.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.Set;

/** An account. The password hash never leaves the auth feature. */
public record User(
    long id,
    String login,
    String displayName,
    Set<Role> roles,
    boolean active,
    int failedLogins,
    OffsetDateTime lockedUntil,
    String passwordHash) {

  public JsonObject toJson() {
    JsonArray r = new JsonArray();
    roles.stream().map(Role::wire).sorted().forEach(r::add);
    return new JsonObject()
        .put("id", id)
        .put("login", login)
        .put("displayName", displayName)
        .put("roles", r)
        .put("active", active);
  }
}
