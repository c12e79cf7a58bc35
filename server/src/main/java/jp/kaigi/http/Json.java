package jp.kaigi.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reading request JSON and writing JSON responses, with validation errors that name the field. */
public final class Json {
  private Json() {}

  public static JsonObject body(RoutingContext ctx) {
    Object parsed;
    try {
      parsed = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      throw Problem.badRequest("malformed-json", "The request body is not a JSON object");
    }
    if (parsed == null) {
      throw Problem.badRequest("malformed-json", "A JSON object body is required");
    }
    return (JsonObject) parsed;
  }

  public static String requiredString(JsonObject body, String field, int maxLength) {
    Object value = body.getValue(field);
    if (!(value instanceof String s) || s.isBlank()) {
      throw Problem.validation(field, field + " is required");
    }
    return checkLength(field, s.strip(), maxLength);
  }

  public static String optionalString(JsonObject body, String field, int maxLength) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw Problem.validation(field, field + " must be a string");
    }
    return s.isBlank() ? null : checkLength(field, s.strip(), maxLength);
  }

  public static Long optionalLong(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    throw Problem.validation(field, field + " must be a whole number");
  }

  public static JsonArray optionalArray(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof JsonArray a) {
      return a;
    }
    throw Problem.validation(field, field + " must be an array");
  }

  private static String checkLength(String field, String s, int maxLength) {
    if (s.length() > maxLength) {
      throw Problem.validation(field, field + " is longer than " + maxLength + " characters");
    }
    return s;
  }

  public static long pathId(RoutingContext ctx, String name) {
    String raw = ctx.pathParam(name);
    try {
      long id = Long.parseLong(raw);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // fall through: a malformed id names nothing, so it is simply not found
    }
    throw Problem.notFound("Resource");
  }

  public static void send(RoutingContext ctx, int status, Object json) {
    String encoded =
        json instanceof JsonObject o
            ? o.encode()
            : json instanceof JsonArray a ? a.encode() : String.valueOf(json);
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(encoded);
  }

  public static void ok(RoutingContext ctx, Object json) {
    send(ctx, 200, json);
  }

  public static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end();
  }
}
