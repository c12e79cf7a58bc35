package jp.kaigi.http;

import io.vertx.core.json.JsonObject;

/**
 * An RFC 9457 problem: thrown (or failed with) anywhere in request handling and rendered by {@link
 * ProblemHandler} as {@code application/problem+json}. The {@code type} is stable so clients can
 * branch on it.
 */
public final class Problem extends RuntimeException {
  public static final String TYPE_PREFIX = "urn:kaigi:problem:";

  private final int status;
  private final String type;
  private final String title;
  private final String field;

  /** Extension members (RFC 9457 §3.2) a client may read, e.g. a limit; null when none. */
  private final JsonObject members;

  public Problem(int status, String type, String title, String detail, String field) {
    this(status, type, title, detail, field, null);
  }

  private Problem(
      int status, String type, String title, String detail, String field, JsonObject members) {
    super(detail, null, false, false);
    this.status = status;
    this.type = type;
    this.title = title;
    this.field = field;
    this.members = members;
  }

  /**
   * This problem with one more extension member, for what a client needs as a value rather than
   * inside the English detail (e.g. {@code maxBytes}, so the UI can name the limit in its words).
   */
  public Problem with(String name, Object value) {
    JsonObject m = members == null ? new JsonObject() : members.copy();
    return new Problem(status, type, title, getMessage(), field, m.put(name, value));
  }

  public static Problem validation(String field, String detail) {
    return new Problem(400, "validation", "Invalid request", detail, field);
  }

  public static Problem badRequest(String type, String detail) {
    return new Problem(400, type, "Bad request", detail, null);
  }

  public static Problem unauthorized(String detail) {
    return new Problem(401, "unauthorized", "Not logged in", detail, null);
  }

  public static Problem forbidden(String detail) {
    return new Problem(403, "forbidden", "Not allowed", detail, null);
  }

  public static Problem notFound(String what) {
    return new Problem(404, "not-found", "Not found", what + " not found", null);
  }

  /**
   * A 413 that carries its limit as {@code maxBytes}: the one source of the limit the web app names
   * in its words, so every refusal of a size says it the same way.
   */
  public static Problem tooLarge(
      String type, String title, String detail, String field, long maxBytes) {
    return new Problem(413, type, title, detail, field).with("maxBytes", maxBytes);
  }

  /** Best with a detail that names the methods the path takes, as its {@code Allow} header does. */
  public static Problem methodNotAllowed(String detail) {
    return new Problem(405, "method-not-allowed", "Method not allowed", detail, null);
  }

  /** The caller sets {@code Content-Range: bytes *}{@code /<length>} too (RFC 9110 §15.5.17). */
  public static Problem rangeNotSatisfiable(String detail) {
    return new Problem(416, "range-not-satisfiable", "Range not satisfiable", detail, null);
  }

  public static Problem conflict(String type, String detail) {
    return new Problem(409, type, "Conflict", detail, null);
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String title() {
    return title;
  }

  public String field() {
    return field;
  }

  public JsonObject toJson(String instance) {
    JsonObject json =
        new JsonObject()
            .put("type", TYPE_PREFIX + type)
            .put("title", title)
            .put("status", status)
            .put("detail", getMessage());
    if (field != null) {
      json.put("field", field);
    }
    if (instance != null) {
      json.put("instance", instance);
    }
    if (members != null) {
      members.forEach(m -> json.put(m.getKey(), m.getValue()));
    }
    return json;
  }
}
