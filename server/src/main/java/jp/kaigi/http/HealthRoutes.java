package jp.kaigi.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.Supplier;

/** {@code /health} (the process is alive), {@code /ready} (it can serve), {@code /metrics}. */
public final class HealthRoutes {
  private final Supplier<Future<Boolean>> ready;
  private final PrometheusMeterRegistry registry;

  public HealthRoutes(Supplier<Future<Boolean>> ready, PrometheusMeterRegistry registry) {
    this.ready = ready;
    this.registry = registry;
  }

  public void mount(Router root) {
    root.get("/health").handler(ctx -> Json.ok(ctx, new JsonObject().put("status", "up")));
    root.get("/ready")
        .handler(
            ctx ->
                ready
                    .get()
                    .otherwise(false)
                    .onSuccess(
                        ok ->
                            Json.send(
                                ctx,
                                ok ? 200 : 503,
                                new JsonObject().put("status", ok ? "ready" : "not-ready"))));
    root.get("/metrics")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(registry.scrape()));
  }
}
