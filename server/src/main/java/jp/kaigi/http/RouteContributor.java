package jp.kaigi.http;

import io.vertx.ext.web.Router;

/**
 * A feature's HTTP routes. {@code api} is mounted at {@code /api/v1}; by the time a feature's
 * handler runs, JSON bodies (≤ {@link HttpServer#JSON_BODY_LIMIT}) are read and the caller is
 * authenticated (see {@link jp.kaigi.auth.AuthHandler}); {@code root} is the top-level router for
 * routes outside the API (e.g. the WebSocket upgrade).
 */
public interface RouteContributor {
  void mount(Router api, Router root);
}
