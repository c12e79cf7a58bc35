package jp.kaigi.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The answers Vert.x-web's router makes itself, without any failure handler of ours, are problems
 * once {@link ProblemHandler#answerRouterErrors} is set: the paths the node's catch-all routes
 * never let happen today (a method a route does not take, a failure on a route without a failure
 * handler, an exception) stay covered should a route change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class RouterErrorsTest {
  Vertx vertx;
  io.vertx.core.http.HttpServer server;
  final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.get("/only-get").handler(ctx -> ctx.end("ok"));
    router.get("/conflict").handler(ctx -> ctx.fail(409));
    router
        .get("/bug")
        .handler(
            ctx -> {
              throw new IllegalStateException("a bug");
            });
    new ProblemHandler((ctx, p) -> {}).answerRouterErrors(router);
    server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("no route for the path is a 404 not-found problem")
  void noRoute() throws Exception {
    assertProblem(send("GET", "/nothing"), 404, "not-found");
  }

  @Test
  @DisplayName("a method the path's route does not take is a 405 method-not-allowed problem")
  void wrongMethod() throws Exception {
    assertProblem(send("DELETE", "/only-get"), 405, "method-not-allowed");
  }

  @Test
  @DisplayName("a route failing with a status and no failure handler is a problem of that status")
  void failedWithoutFailureHandler() throws Exception {
    assertProblem(send("GET", "/conflict"), 409, "http-409");
  }

  @Test
  @DisplayName("an exception and no failure handler is a 500 internal problem, no detail leaked")
  void exception() throws Exception {
    HttpResponse<String> r = send("GET", "/bug");
    assertProblem(r, 500, "internal");
    assertThat(r.body()).doesNotContain("a bug");
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void assertProblem(HttpResponse<String> r, int status, String type) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("content-type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    JsonObject problem = new JsonObject(r.body());
    assertThat(problem.getString("type")).isEqualTo("urn:kaigi:problem:" + type);
    assertThat(problem.getInteger("status")).isEqualTo(status);
  }
}
