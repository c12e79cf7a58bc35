package jp.kaigi.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The root router's first check, before any route decodes the request target: a path or query with
 * a broken percent-escape ({@code %zz}, a lone {@code %}) is the client's mistake and answered as a
 * {@code bad-request} problem. Left to Vert.x, a broken query fails inside whichever route first
 * reads a parameter (a 500 with a stack trace) and a broken path fails in route matching, outside
 * any failure handler (a plain-text 400 and "Unhandled exception in router" at ERROR).
 *
 * <p>It must sit on a route without a path, as matching a route with a path decodes the path; and
 * it answers itself rather than failing the context, as the failure handlers are found by matching
 * the routes again.
 */
public final class RequestTargetCheck implements Handler<RoutingContext> {
  private final ProblemHandler problems;

  public RequestTargetCheck(ProblemHandler problems) {
    this.problems = problems;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String path = request.path();
    if (path != null && !wellEscaped(path)) {
      problems.respond(
          ctx,
          Problem.badRequest(
              "bad-request",
              "The path has an invalid percent-escape: '%' must be followed by two hex digits"));
      return;
    }
    try {
      ctx.normalizedPath(); // what route matching does; cached for it when it succeeds
    } catch (IllegalArgumentException e) {
      problems.respond(ctx, Problem.badRequest("bad-request", "The path cannot be decoded"));
      return;
    }
    String query = request.query();
    if (query != null) {
      if (!wellEscaped(query)) {
        problems.respond(
            ctx,
            Problem.badRequest(
                "bad-request",
                "The query has an invalid percent-escape: '%' must be followed by two hex"
                    + " digits"));
        return;
      }
      try {
        request.params(); // decoded once here; routes read the cached result
      } catch (IllegalArgumentException e) {
        problems.respond(ctx, Problem.badRequest("bad-request", "The query cannot be decoded"));
        return;
      }
    }
    ctx.next();
  }

  /** True when every {@code %} starts an escape of two hex digits. */
  static boolean wellEscaped(String s) {
    for (int i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
      if (i + 2 >= s.length() || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
