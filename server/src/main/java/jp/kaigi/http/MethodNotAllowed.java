package jp.kaigi.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A path a router serves, asked with a method none of its routes takes, is {@code 405
 * method-not-allowed} with the {@code Allow} header RFC 9110 §15.5.6 requires ({@code DELETE
 * /api/v1/meetings}: {@code Allow: GET, POST}); a path no route serves goes on to the router's
 * catch-all (404).
 *
 * <p>Vert.x-web's router answers 405 itself only when no later route matches the request, and the
 * catch-alls (the API's 404, the static files' {@code /*}) always do. Where it does answer, it
 * writes {@code Allow} only if no error handler for 405 is set ({@code
 * RoutingContextImpl.checkHandleNoMatch}, Vert.x-web 5.0), and ours is ({@link
 * ProblemHandler#answerRouterErrors}); it keeps the methods to itself. So the methods come from the
 * router's own routes: after the features have mounted theirs, one route per path notes that path's
 * methods, as Vert.x-web collects them while matching, and the last one answers.
 */
final class MethodNotAllowed {
  private static final String ALLOWED = "kaigi.http.allowedMethods";

  private MethodNotAllowed() {}

  /** Call after every route with a method is on the router, before its catch-all. */
  static void mount(Router router) {
    Map<String, Set<HttpMethod>> methodsByPath = new LinkedHashMap<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() != null && !route.methods().isEmpty()) {
        methodsByPath
            .computeIfAbsent(route.getPath(), p -> new LinkedHashSet<>())
            .addAll(route.methods());
      }
    }
    // Several paths can match one request (/devices/import is a /devices/:id too): all count.
    methodsByPath.forEach(
        (path, methods) ->
            router
                .route(path)
                .handler(
                    ctx -> {
                      allowed(ctx).addAll(methods);
                      ctx.next();
                    }));
    router.route().handler(MethodNotAllowed::answer);
  }

  private static void answer(RoutingContext ctx) {
    Set<HttpMethod> allowed = ctx.get(ALLOWED);
    if (allowed == null) {
      ctx.next();
      return;
    }
    String allow = allowed.stream().map(HttpMethod::name).collect(Collectors.joining(", "));
    ctx.response().putHeader(HttpHeaders.ALLOW, allow);
    ctx.fail(
        Problem.methodNotAllowed(
            "The path takes " + allow + ", not " + ctx.request().method().name()));
  }

  private static Set<HttpMethod> allowed(RoutingContext ctx) {
    Set<HttpMethod> allowed = ctx.get(ALLOWED);
    if (allowed == null) {
      allowed = new LinkedHashSet<>();
      ctx.put(ALLOWED, allowed);
    }
    return allowed;
  }
}
