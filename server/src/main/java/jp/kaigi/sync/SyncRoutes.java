package jp.kaigi.sync;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.Locale;
import jp.kaigi.auth.AuthHandler;
import jp.kaigi.auth.AuthService;
import jp.kaigi.http.Problem;
import jp.kaigi.http.RouteContributor;
import jp.kaigi.sync.internal.SocketReads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket gateway {@code GET /ws}: the upgrade is authenticated by the session (bearer header
 * or the {@code kaigi_session} cookie) and, when a browser sends an {@code Origin}, that origin
 * must be the node's own (the {@code Host} the browser used) or on {@code
 * KAIGI_WS_ALLOWED_ORIGINS}. Refusals are problem+json responses, before any upgrade.
 */
public final class SyncRoutes implements RouteContributor {
  private static final Logger LOG = LoggerFactory.getLogger(SyncRoutes.class);
  public static final String PATH = "/ws";

  private final SyncService sync;
  private final AuthService auth;
  private final SyncConfig config;

  public SyncRoutes(SyncService sync, AuthService auth, SyncConfig config) {
    this.sync = sync;
    this.auth = auth;
    this.config = config;
  }

  @Override
  public void mount(Router api, Router root) {
    root.route(HttpMethod.GET, PATH).handler(this::upgrade);
  }

  private void upgrade(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    if (!req.canUpgradeToWebSocket()) {
      ctx.fail(
          new Problem(
              400, "websocket-required", "WebSocket required", "Upgrade to a WebSocket", null));
      return;
    }
    String origin = req.getHeader("Origin");
    if (origin != null
        && !originAllowed(origin, req.authority() == null ? null : req.authority().toString())) {
      LOG.warn("event=ws.origin_rejected origin={}", origin.replaceAll("[\\r\\n]", ""));
      ctx.fail(
          new Problem(
              403,
              "origin-not-allowed",
              "Origin not allowed",
              "This origin may not open a WebSocket to this server",
              null));
      return;
    }
    String token = AuthHandler.token(ctx);
    if (token == null || token.isEmpty()) {
      ctx.fail(Problem.unauthorized("Log in first"));
      return;
    }
    String header = req.getHeader("Authorization");
    boolean viaCookie = header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7);
    req.pause();
    // the socket under the connection, taken now: the WebSocket that follows hides it
    SocketReads reads = SocketReads.of(req.connection());
    auth.resolve(token, viaCookie)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                ctx.fail(ar.cause());
              } else if (ar.result().isEmpty()) {
                ctx.fail(Problem.unauthorized("Session expired or unknown; log in again"));
              } else {
                req.toWebSocket()
                    .onSuccess(
                        ws ->
                            sync.open(
                                ws, reads, ar.result().get(), () -> auth.resolve(token, viaCookie)))
                    .onFailure(e -> LOG.info("event=ws.upgrade_failed error={}", e.toString()));
              }
            });
  }

  /** Same host (any scheme: TLS may end at a proxy) or an allowed origin. */
  boolean originAllowed(String origin, String hostHeader) {
    String o = origin.trim().toLowerCase(Locale.ROOT);
    if (config.allowedOrigins().contains(o)) {
      return true;
    }
    if (hostHeader == null) {
      return false;
    }
    try {
      URI u = new URI(o);
      if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
        return false;
      }
      String authority = u.getRawAuthority();
      String host = hostHeader.toLowerCase(Locale.ROOT);
      return authority.equals(host)
          || authority.equals(stripDefaultPort(host))
          || stripDefaultPort(authority).equals(stripDefaultPort(host));
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static String stripDefaultPort(String hostPort) {
    if (hostPort.endsWith(":80")) {
      return hostPort.substring(0, hostPort.length() - 3);
    }
    if (hostPort.endsWith(":443")) {
      return hostPort.substring(0, hostPort.length() - 4);
    }
    return hostPort;
  }
}
