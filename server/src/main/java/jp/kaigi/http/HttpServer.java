package jp.kaigi.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.List;
import java.util.function.Supplier;
import jp.kaigi.auth.AuthHandler;
import jp.kaigi.auth.AuthRoutes;
import jp.kaigi.config.NodeConfig;

/**
 * One HTTP server instance (deployed once per event loop, sharing the port). Order of handlers:
 * security headers → health/metrics → {@code /api/v1} (JSON body → login | authenticate → features
 * → another method on a feature's path: 405 → 404) → other root routes (WebSocket) → the service
 * worker {@code /sw.js} → static viewer-web.
 */
public final class HttpServer extends VerticleBase {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpServer.class);

  public static final long JSON_BODY_LIMIT = 1024 * 1024;

  /**
   * The longest request line (method, target, version) the node reads; Netty's default is 4,096
   * bytes. The longest legitimate one is a search: 500 characters of {@code q} at up to 9 bytes
   * each percent-encoded (a kanji is 3 UTF-8 bytes) plus every filter, about 4,610 bytes. Longer
   * lines are refused before routing ({@link InvalidRequestHandler}: 414 {@code uri-too-long}).
   */
  public static final int MAX_REQUEST_LINE = 8 * 1024;

  /**
   * The most bytes of headers the node reads (Vert.x's default, set here so the refusal can name
   * it); more is refused before routing ({@link InvalidRequestHandler}: 431 {@code
   * headers-too-large}).
   */
  public static final int MAX_HEADER_SIZE = 8 * 1024;

  private final NodeConfig config;
  private final HealthRoutes health;
  private final AuthRoutes authRoutes;
  private final AuthHandler authHandler;
  private final ProblemHandler problems;
  private final List<RouteContributor> features;
  private final AppShell shell;
  private io.vertx.core.http.HttpServer server;

  public HttpServer(
      NodeConfig config,
      HealthRoutes health,
      AuthRoutes authRoutes,
      AuthHandler authHandler,
      ProblemHandler problems,
      List<RouteContributor> features,
      AppShell shell) {
    this.config = config;
    this.health = health;
    this.authRoutes = authRoutes;
    this.authHandler = authHandler;
    this.problems = problems;
    this.features = features;
    this.shell = shell;
  }

  /**
   * A supplier for {@code deployVerticle(supplier, instances)}: each instance gets its own router.
   */
  public static Supplier<HttpServer> factory(
      NodeConfig config,
      HealthRoutes health,
      AuthRoutes authRoutes,
      AuthHandler authHandler,
      ProblemHandler problems,
      List<RouteContributor> features,
      AppShell shell) {
    return () -> new HttpServer(config, health, authRoutes, authHandler, problems, features, shell);
  }

  @Override
  public Future<?> start() {
    Router root = Router.router(vertx);
    root.route().handler(new SecurityHeaders());
    root.route().handler(new RequestTargetCheck(problems));
    health.mount(root);

    Router api = Router.router(vertx);
    // JSON bodies are read up front (bounded); streamed uploads (multipart or raw files) are left
    // to the feature's own handler, which enforces its own limit while streaming.
    BodyHandler jsonBody = BodyHandler.create(false).setBodyLimit(JSON_BODY_LIMIT);
    api.route()
        .handler(
            ctx -> {
              if (isStreamedUpload(ctx.request().getHeader("Content-Type"))) {
                ctx.next();
              } else {
                jsonBody.handle(ctx);
              }
            });
    authRoutes.mountPublic(api);
    api.route().handler(authHandler::authenticate);
    authRoutes.mount(api, root);
    for (RouteContributor f : features) {
      f.mount(api, root);
    }
    MethodNotAllowed.mount(api);
    api.route().handler(ctx -> ctx.fail(Problem.notFound("API route")));
    api.route().failureHandler(problems);
    root.route("/api/v1/*").subRouter(api);

    // Static files revalidate on every load (Last-Modified → 304): after an upgrade a tablet must
    // never mix old and new JS modules.
    StaticHandler statics =
        StaticHandler.create("webroot").setCachingEnabled(true).setIndexPage("index.html");
    // WebJars (PDF.js) from the classpath; versioned paths, so they may be cached for long.
    StaticHandler webjars =
        StaticHandler.create("META-INF/resources/webjars")
            .setCachingEnabled(true)
            .setMaxAgeSeconds(86400);
    root.route("/webjars/*").handler(webjars);
    // The offline app shell's service worker (generated from webroot/sw.js).
    shell.mount(root);
    root.route("/*")
        .handler(
            ctx -> {
              ctx.addHeadersEndHandler(
                  v -> ctx.response().headers().set("Cache-Control", "no-cache"));
              statics.handle(ctx);
            });
    root.route().failureHandler(problems);
    // What the router answers itself (a static file that is not there, a failure no failure
    // handler took) is a problem too.
    problems.answerRouterErrors(root);

    server =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setHost(config.httpHost())
                .setPort(config.httpPort())
                // Off: with the gzip handler in the pipeline Vert.x cannot use zero-copy sendFile,
                // and document distribution drops to ~0.14x nginx (docs/benchmarks.md). JSON
                // answers are small; meeting packets are PDFs, already compressed.
                .setCompressionSupported(false)
                // Off too for WebSockets (browsers ask for permessage-deflate): sync frames are a
                // few hundred bytes of JSON, and deflating one page for a thousand tablets would be
                // a thousand compressions, each connection keeping its own zlib state.
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                .setMaxWebSocketFrameSize(64 * 1024)
                .setMaxInitialLineLength(MAX_REQUEST_LINE)
                .setMaxHeaderSize(MAX_HEADER_SIZE));
    // Requests Netty could not read never reach the router: they get a problem too.
    server.invalidRequestHandler(new InvalidRequestHandler());
    // Without a handler Vert.x logs every peer reset (a tablet leaving the Wi-Fi, a cancelled
    // download) as an ERROR; those are normal, the rest stays visible as a WARN.
    server.connectionHandler(
        conn ->
            conn.exceptionHandler(
                e -> {
                  if (ProblemHandler.isClientAbort(e)) {
                    LOG.debug("event=http.connection_reset error={}", e.toString());
                  } else if (isRefusedRequest(e)) {
                    // Netty could not read the request (a request line or headers over the
                    // limit): answered, logged and closed by InvalidRequestHandler, which quiets
                    // this handler for the connection; should one reach here anyway, it is still
                    // the client's mistake.
                    LOG.info("event=http.request_refused error={}", e.toString());
                  } else {
                    LOG.warn("event=http.connection_error error={}", e.toString());
                  }
                }));
    return server.requestHandler(root).listen();
  }

  /** A request Netty's HTTP decoder refused: the client's mistake, answered by Vert.x. */
  static boolean isRefusedRequest(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof io.netty.handler.codec.TooLongFrameException) {
        return true;
      }
    }
    return false;
  }

  static boolean isStreamedUpload(String contentType) {
    if (contentType == null) {
      return false;
    }
    String ct = contentType.toLowerCase(java.util.Locale.ROOT);
    return !ct.startsWith("application/json") && !ct.startsWith("text/");
  }

  public int actualPort() {
    return server.actualPort();
  }
}
