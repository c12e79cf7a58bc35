package jp.kaigi.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failure handler: every error leaves as problem+json; unexpected ones are logged once, not leaked.
 */
public final class ProblemHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

  /** Nginx's code for "client closed request": never sent, only marks the case. */
  private static final int CLIENT_ABORTED = 499;

  private final BiConsumer<RoutingContext, Problem> onDenied;

  /**
   * @param onDenied told of every 401/403, so the audit log can record permission denials
   */
  public ProblemHandler(BiConsumer<RoutingContext, Problem> onDenied) {
    this.onDenied = onDenied;
  }

  @Override
  public void handle(RoutingContext ctx) {
    respond(ctx, toProblem(ctx));
  }

  /**
   * Makes this the router's error handler for every 4xx and 5xx status, so that what Vert.x-web
   * answers itself is a problem too, not its HTML page or an empty body: no route for the path or
   * the method (404, 405: {@code RoutingContextImpl.checkHandleNoMatch}), a failure no failure
   * handler took, a failure handler that threw (Vert.x-web's {@code unhandledFailure}). The context
   * then carries the status ({@code statusCode()}) and, after a failure, the failure.
   */
  public void answerRouterErrors(Router router) {
    for (int status = 400; status < 600; status++) {
      router.errorHandler(status, this);
    }
  }

  /**
   * Answers with this problem at once, without failing the context: for checks that run before
   * routing may go on (a failed context is matched against the routes again, which decode the
   * path).
   */
  public void respond(RoutingContext ctx, Problem problem) {
    if (problem.status() == 401 || problem.status() == 403) {
      onDenied.accept(ctx, problem);
    }
    HttpServerResponse response = ctx.response();
    if (problem.status() == CLIENT_ABORTED) {
      if (!response.ended() && !response.closed()) {
        response.reset();
      }
      return;
    }
    if (response.headWritten()) {
      // Too late for a body (a file transfer broke off); just make sure the connection ends.
      if (!response.ended()) {
        response.reset();
      }
      return;
    }
    write(response, problem, ctx.request().path());
  }

  /**
   * Sends the problem as the whole answer.
   *
   * @param instance the request's path, or null where it could not be read
   */
  static Future<Void> write(HttpServerResponse response, Problem problem, String instance) {
    return response
        .setStatusCode(problem.status())
        .putHeader("Content-Type", "application/problem+json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(problem.toJson(instance).encode());
  }

  private static Problem toProblem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof Problem p) {
      return p;
    }
    if (failure instanceof HttpException he) {
      return fromStatus(he.getStatusCode(), he.getPayload());
    }
    if (failure instanceof io.vertx.core.json.DecodeException) {
      return Problem.badRequest("malformed-json", "The request body is not valid JSON");
    }
    if (failure == null) {
      return fromStatus(ctx.statusCode(), null);
    }
    if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      // Vert.x refused the request with a status of its own (e.g. 400 for an HTTP/1.1 request
      // without a Host header): the client's mistake, not ours.
      return fromStatus(ctx.statusCode(), failure.getMessage());
    }
    if (ctx.response().closed() || isClientAbort(failure)) {
      // The client went away mid-response (a closed tab, a cancelled download, a load tool
      // stopping): nothing is wrong on our side, and nobody is left to answer.
      LOG.debug(
          "event=http.client-aborted method={} path={} error={}",
          ctx.request().method(),
          ctx.request().path(),
          failure.toString());
      return new Problem(
          CLIENT_ABORTED, "client-aborted", "Client closed the connection", "Client gone", null);
    }
    LOG.error(
        "event=http.error method={} path={} error={}",
        ctx.request().method(),
        ctx.request().path(),
        failure.toString(),
        failure);
    return new Problem(
        500, "internal", "Internal error", "The server could not complete the request", null);
  }

  /**
   * True for the ways a connection the client closed or reset shows up while we write to it: Vert.x
   * reports a closed HTTP connection, the JDK a closed channel, the OS (through Netty) a reset or
   * broken pipe. Anything else is ours and stays an ERROR.
   */
  static boolean isClientAbort(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof HttpClosedException || t instanceof ClosedChannelException) {
        return true;
      }
      if (t instanceof io.vertx.core.VertxException && "Pipe closed".equals(t.getMessage())) {
        return true; // an upload whose sender went away while its body was being written
      }
      if (t instanceof IOException && t.getMessage() != null) {
        String m = t.getMessage();
        if (m.contains("Connection reset") || m.contains("Broken pipe")) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static Problem fromStatus(int status, String detail) {
    return switch (status) {
      case 400 -> Problem.badRequest("bad-request", detail != null ? detail : "Bad request");
      case 401 -> Problem.unauthorized(detail != null ? detail : "Log in first");
      case 403 -> Problem.forbidden(detail != null ? detail : "Not allowed");
      case 404 -> Problem.notFound("Resource");
      case 405 -> Problem.methodNotAllowed(detail != null ? detail : "Method not allowed");
        // Uploads answer their own 413 (too-large, a file); this one is the JSON/text body
        // handler's.
      case 413 ->
          Problem.tooLarge(
              "body-too-large",
              "Request body too large",
              "The request body is over " + HttpServer.JSON_BODY_LIMIT / (1024 * 1024) + " MiB",
              null,
              HttpServer.JSON_BODY_LIMIT);
      case 415 ->
          new Problem(415, "unsupported-media-type", "Unsupported media type", detail, null);
        // The static files' (Vert.x's StaticHandler has set Content-Range): the same as a
        // document's.
      case 416 ->
          Problem.rangeNotSatisfiable(
              detail != null ? detail : "No byte of the range is in the file");
      default ->
          status >= 400 && status < 600
              ? new Problem(
                  status,
                  "http-" + status,
                  "Error",
                  detail != null ? detail : "Error " + status,
                  null)
              : new Problem(
                  500,
                  "internal",
                  "Internal error",
                  "The server could not complete the request",
                  null);
    };
  }
}
