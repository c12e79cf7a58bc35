package jp.kaigi.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A blocking HTTP client for tests (JDK HttpClient: no event loop involved). After {@link #login}
 * it sends the bearer token, or — in cookie mode — the session cookie and the CSRF header, as the
 * browser app does.
 */
public final class ApiClient {
  private final String baseUrl;
  private final HttpClient http;
  private String token;
  private String csrf;
  private boolean cookieMode;
  private boolean sendCsrf = true;

  public ApiClient(String baseUrl) {
    this.baseUrl = baseUrl;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /** A response with its body as text and, when JSON, parsed. */
  public record Response(int status, Map<String, java.util.List<String>> headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public JsonArray array() {
      return new JsonArray(body);
    }

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .findFirst()
          .map(e -> e.getValue().get(0))
          .orElse(null);
    }

    /** The problem+json {@code type} without its URN prefix. */
    public String problemType() {
      return json().getString("type", "").replace("urn:kaigi:problem:", "");
    }
  }

  public Response login(String login, String password) {
    Response r =
        post("/api/v1/session", new JsonObject().put("login", login).put("password", password));
    if (r.status() == 200) {
      token = r.json().getString("token");
      csrf = r.json().getString("csrfToken");
    }
    return r;
  }

  /** Use the session cookie instead of the bearer token (as a browser does). */
  public ApiClient cookieMode(boolean sendCsrf) {
    this.cookieMode = true;
    this.sendCsrf = sendCsrf;
    return this;
  }

  public String token() {
    return token;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public Response get(String path) {
    return send("GET", path, null, Map.of());
  }

  public Response get(String path, Map<String, String> headers) {
    return send("GET", path, null, headers);
  }

  public Response delete(String path) {
    return send("DELETE", path, null, Map.of());
  }

  /**
   * As an admin: creates a user named "表示名 {@code login}" and returns its id (fails the test unless
   * the server answers 201).
   */
  public long createUser(String login, String password, String... roles) {
    Response r =
        post(
            "/api/v1/users",
            new JsonObject()
                .put("login", login)
                .put("displayName", "表示名 " + login)
                .put("roles", new JsonArray(java.util.List.of((Object[]) roles)))
                .put("password", password));
    if (r.status() != 201) {
      throw new AssertionError("creating user " + login + ": " + r.status() + " " + r.body());
    }
    return r.json().getLong("id");
  }

  public Response post(String path, Object json) {
    return send("POST", path, json, Map.of());
  }

  public Response put(String path, Object json) {
    return send("PUT", path, json, Map.of());
  }

  public Response patch(String path, Object json) {
    return send("PATCH", path, json, Map.of());
  }

  public Response send(String method, String path, Object json, Map<String, String> headers) {
    HttpRequest.BodyPublisher body =
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json instanceof String s ? s : json.toString());
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(60))
            .method(method, body);
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null && !cookieMode) {
      b.header("Authorization", "Bearer " + token);
    }
    if (cookieMode && sendCsrf && csrf != null) {
      b.header("X-CSRF-Token", csrf);
    }
    headers.forEach(b::header);
    return execute(b.build());
  }

  public Response execute(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Adds the auth headers this client would send, for callers building their own requests. */
  public HttpRequest.Builder authorize(HttpRequest.Builder b) {
    if (token != null && !cookieMode) {
      b.header("Authorization", "Bearer " + token);
    }
    if (cookieMode && sendCsrf && csrf != null) {
      b.header("X-CSRF-Token", csrf);
    }
    return b;
  }

  public HttpClient http() {
    return http;
  }
}
