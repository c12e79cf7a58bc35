package jp.kaigi.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers on every response. The CSP names no external source: Kaigi runs in closed municipal
 * networks and serves every asset itself. {@code blob:} is allowed for PDF.js workers and images.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
          + "font-src 'self'; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; "
          + "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerResponse r = ctx.response();
    r.putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Cross-Origin-Opener-Policy", "same-origin");
    ctx.next();
  }
}
