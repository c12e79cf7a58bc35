package jp.kaigi.office;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import jp.kaigi.auth.AuthHandler;
import jp.kaigi.auth.Caller;
import jp.kaigi.auth.Role;
import jp.kaigi.http.Json;
import jp.kaigi.http.Problem;
import jp.kaigi.http.RouteContributor;
import jp.kaigi.office.analytics.AnalyticsService;
import jp.kaigi.office.analytics.UsageReport;
import jp.kaigi.office.registry.DeviceRegistry;
import jp.kaigi.office.registry.DeviceStore;

/**
 * {@code /api/v1/devices}, {@code /api/v1/office/...} and {@code /api/v1/alerts} (the live feed is
 * on the gateway {@code /ws}: {@link jp.kaigi.office.feed.OfficeFeedChannel}). Facilities and
 * admins manage and watch; any logged-in user may look for a free desk.
 */
public final class OfficeRoutes implements RouteContributor {
  static final int PLAN_LIMIT = 5 * 1024 * 1024;

  private final Office office;

  OfficeRoutes(Office office) {
    this.office = office;
  }

  @Override
  public void mount(Router api, Router root) {
    api.get("/devices").handler(this::listDevices);
    api.post("/devices/import").handler(this::importCsv);
    api.post("/devices").handler(this::createDevice);
    api.get("/devices/:id").handler(this::getDevice);
    api.patch("/devices/:id").handler(this::updateDevice);
    api.delete("/devices/:id").handler(this::deleteDevice);
    api.post("/devices/:id/secret").handler(this::rotateSecret);
    api.get("/office/now").handler(this::now);
    api.get("/office/desks").handler(this::desks);
    api.get("/office/state/:id").handler(this::state);
    api.get("/office/analytics").handler(this::analytics);
    api.get("/office/ingest").handler(this::ingest);
    api.put("/office/floors/:site/:floor/plan").handler(this::putPlan);
    api.get("/office/floors/:site/:floor/plan").handler(this::getPlan);
    api.put("/office/floors/:site/:floor/places").handler(this::putPlaces);
    api.get("/office/floors/:site/:floor/places").handler(this::getPlaces);
    api.get("/alerts").handler(this::alerts);
    api.post("/alerts/:id/ack").handler(this::ack);
  }

  private static Caller facilities(RoutingContext ctx) {
    Caller c = AuthHandler.caller(ctx);
    c.require(Role.FACILITIES, Role.ADMIN);
    return c;
  }

  private DeviceRegistry registry() {
    return office.registry();
  }

  private void listDevices(RoutingContext ctx) {
    facilities(ctx);
    registry()
        .list()
        .onSuccess(l -> Json.ok(ctx, new JsonArray(l.stream().map(d -> d.toJson()).toList())))
        .onFailure(ctx::fail);
  }

  private void createDevice(RoutingContext ctx) {
    facilities(ctx);
    registry()
        .create(Json.body(ctx))
        .onSuccess(i -> Json.send(ctx, 201, i.device().toJson().put("secret", i.secret())))
        .onFailure(ctx::fail);
  }

  private void getDevice(RoutingContext ctx) {
    facilities(ctx);
    registry()
        .get(ctx.pathParam("id"))
        .onSuccess(d -> Json.ok(ctx, d.toJson()))
        .onFailure(ctx::fail);
  }

  private void updateDevice(RoutingContext ctx) {
    facilities(ctx);
    JsonObject body = Json.body(ctx);
    if (body.containsKey("id") || body.containsKey("secret")) {
      throw Problem.validation(
          body.containsKey("id") ? "id" : "secret",
          "id cannot change; rotate a secret with POST /devices/{id}/secret");
    }
    registry()
        .update(ctx.pathParam("id"), body)
        .onSuccess(d -> Json.ok(ctx, d.toJson()))
        .onFailure(ctx::fail);
  }

  private void deleteDevice(RoutingContext ctx) {
    facilities(ctx);
    String id = ctx.pathParam("id");
    registry()
        .delete(id)
        .onSuccess(
            v -> {
              office.states().forget(id);
              Json.noContent(ctx);
            })
        .onFailure(ctx::fail);
  }

  private void rotateSecret(RoutingContext ctx) {
    facilities(ctx);
    registry()
        .rotateSecret(ctx.pathParam("id"))
        .onSuccess(i -> Json.ok(ctx, i.device().toJson().put("secret", i.secret())))
        .onFailure(ctx::fail);
  }

  private void importCsv(RoutingContext ctx) {
    facilities(ctx);
    String ct = String.valueOf(ctx.request().getHeader("Content-Type"));
    if (!ct.toLowerCase().startsWith("text/csv")) {
      throw new Problem(
          415, "unsupported-media-type", "Unsupported media type", "send text/csv", null);
    }
    registry()
        .importCsv(
            ctx.body().buffer() == null ? "" : ctx.body().asString(StandardCharsets.UTF_8.name()))
        .onSuccess(
            list ->
                Json.send(
                    ctx,
                    201,
                    new JsonObject()
                        .put("imported", list.size())
                        .put(
                            "devices",
                            new JsonArray(
                                list.stream()
                                    .map(i -> i.device().toJson().put("secret", i.secret()))
                                    .toList()))))
        .onFailure(
            e -> {
              if (e instanceof DeviceRegistry.ImportRejected r) {
                JsonObject p =
                    new Problem(
                            400,
                            "import-rejected",
                            "Import rejected",
                            r.errors.size() + " rows are invalid; nothing was imported",
                            null)
                        .toJson(ctx.request().path())
                        .put("errors", new JsonArray(new ArrayList<>(r.errors)));
                ctx.response()
                    .setStatusCode(400)
                    .putHeader("Content-Type", "application/problem+json")
                    .end(p.encode());
              } else {
                ctx.fail(e);
              }
            });
  }

  private void now(RoutingContext ctx) {
    facilities(ctx);
    office
        .analytics()
        .now(ctx.queryParams().get("site"), ctx.queryParams().get("floor"))
        .onSuccess(j -> Json.ok(ctx, j))
        .onFailure(ctx::fail);
  }

  private void desks(RoutingContext ctx) {
    AuthHandler.caller(ctx); // any logged-in user may look for a seat
    String free = ctx.queryParams().get("free");
    if (free != null && !free.equals("true") && !free.equals("false")) {
      throw Problem.validation("free", "free is true or false");
    }
    office
        .analytics()
        .desks(
            ctx.queryParams().get("site"),
            ctx.queryParams().get("floor"),
            ctx.queryParams().get("zone"),
            "true".equals(free))
        .onSuccess(j -> Json.ok(ctx, j))
        .onFailure(ctx::fail);
  }

  private void state(RoutingContext ctx) {
    facilities(ctx);
    office
        .states()
        .get(ctx.pathParam("id"))
        .onSuccess(
            s -> {
              if (s == null) {
                ctx.fail(Problem.notFound("Device state"));
              } else {
                Json.ok(ctx, s);
              }
            })
        .onFailure(ctx::fail);
  }

  private void analytics(RoutingContext ctx) {
    facilities(ctx);
    long from = instant(ctx, "from");
    long to = instant(ctx, "to");
    if (to <= from) {
      throw Problem.validation("to", "to must be after from");
    }
    if (to - from > AnalyticsService.MAX_PERIOD_MS) {
      throw Problem.validation("to", "a period is at most 92 days");
    }
    String format = ctx.queryParams().get("format");
    if (format != null && !format.equals("csv") && !format.equals("json")) {
      throw Problem.validation("format", "format is json or csv");
    }
    office
        .analytics()
        .report(from, to, ctx.queryParams().get("site"), ctx.queryParams().get("floor"))
        .onSuccess(
            r -> {
              if ("csv".equals(format)) {
                ctx.response()
                    .putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader("Content-Disposition", "attachment; filename=\"office-usage.csv\"")
                    .end("\uFEFF" + UsageReport.csv(r));
              } else {
                Json.ok(ctx, r);
              }
            })
        .onFailure(ctx::fail);
  }

  /** An ISO instant, or a date (midnight in the office's time zone); whole minutes. */
  private long instant(RoutingContext ctx, String field) {
    String raw = ctx.queryParams().get(field);
    if (raw == null || raw.isBlank()) {
      throw Problem.validation(field, field + " is required (ISO date or instant)");
    }
    try {
      long ms =
          raw.length() == 10
              ? LocalDate.parse(raw)
                  .atStartOfDay(office.config().workHours().zone())
                  .toInstant()
                  .toEpochMilli()
              : Instant.parse(raw).toEpochMilli();
      return Math.floorDiv(ms, 60_000) * 60_000;
    } catch (DateTimeException e) {
      throw Problem.validation(field, field + " must be a date (2026-11-24) or an ISO instant");
    }
  }

  private void ingest(RoutingContext ctx) {
    facilities(ctx);
    Json.ok(ctx, office.stats().toJson().put("brokerConnected", office.sourceConnected()));
  }

  private void putPlan(RoutingContext ctx) {
    facilities(ctx);
    String site = ctx.pathParam("site");
    String floor = ctx.pathParam("floor");
    String ct = String.valueOf(ctx.request().getHeader("Content-Type")).toLowerCase();
    String type =
        ct.startsWith("image/svg+xml")
            ? "image/svg+xml"
            : ct.startsWith("image/png") ? "image/png" : null;
    if (type == null) {
      throw new Problem(
          415,
          "unsupported-media-type",
          "Unsupported media type",
          "a floor plan is image/svg+xml or image/png",
          null);
    }
    Buffer body = Buffer.buffer();
    boolean[] tooBig = {false};
    ctx.request()
        .handler(
            b -> {
              if (body.length() + b.length() > PLAN_LIMIT) {
                tooBig[0] = true;
              } else {
                body.appendBuffer(b);
              }
            })
        .endHandler(
            v -> {
              if (tooBig[0]) {
                ctx.fail(
                    Problem.tooLarge(
                        "too-large",
                        "File too large",
                        "a floor plan is at most " + PLAN_LIMIT / (1024 * 1024) + " MiB",
                        null,
                        PLAN_LIMIT));
                return;
              }
              byte[] bytes = body.getBytes();
              if (!looksLike(type, bytes)) {
                ctx.fail(Problem.validation("plan", "the file is not a " + type + " image"));
                return;
              }
              office
                  .registry()
                  .db()
                  .transaction(
                      c -> {
                        office.registry().store().putFloorPlan(c, site, floor, type, bytes);
                        return null;
                      })
                  .onSuccess(x -> Json.noContent(ctx))
                  .onFailure(ctx::fail);
            });
    ctx.request().resume();
  }

  static boolean looksLike(String type, byte[] b) {
    if (type.equals("image/png")) {
      return b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    }
    String head = new String(b, 0, Math.min(b.length, 2048), StandardCharsets.UTF_8);
    return head.contains("<svg");
  }

  private void getPlan(RoutingContext ctx) {
    AuthHandler.caller(ctx);
    office
        .registry()
        .db()
        .read(
            c ->
                office
                    .registry()
                    .store()
                    .floorPlan(c, ctx.pathParam("site"), ctx.pathParam("floor")))
        .onSuccess(
            p -> {
              if (p.isEmpty()) {
                ctx.fail(Problem.notFound("Floor plan"));
                return;
              }
              ctx.response()
                  .putHeader("Content-Type", p.get().contentType())
                  // an SVG may carry script: never let it run, even opened directly
                  .putHeader(
                      "Content-Security-Policy",
                      "default-src 'none'; style-src 'unsafe-inline'; sandbox")
                  .putHeader("X-Content-Type-Options", "nosniff")
                  .putHeader("Cache-Control", "no-store")
                  .end(Buffer.buffer(p.get().image()));
            })
        .onFailure(ctx::fail);
  }

  private void putPlaces(RoutingContext ctx) {
    facilities(ctx);
    Object parsed;
    try {
      parsed = ctx.body().asJsonArray();
    } catch (RuntimeException e) {
      throw Problem.badRequest("malformed-json", "The body must be a JSON array of places");
    }
    if (!(parsed instanceof JsonArray arr)) {
      throw Problem.badRequest("malformed-json", "The body must be a JSON array of places");
    }
    String site = ctx.pathParam("site");
    String floor = ctx.pathParam("floor");
    List<DeviceStore.Place> places = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      if (!(arr.getValue(i) instanceof JsonObject p)) {
        throw Problem.validation("[" + i + "]", "each place is an object");
      }
      String kind = Json.requiredString(p, "kind", 8);
      if (!kind.equals("desk") && !kind.equals("room")) {
        throw Problem.validation("[" + i + "].kind", "kind is desk or room");
      }
      places.add(
          new DeviceStore.Place(
              site,
              floor,
              kind,
              Json.requiredString(p, "name", 64),
              fraction(p, "x", i, true),
              fraction(p, "y", i, true),
              p.getValue("w") == null ? null : fraction(p, "w", i, false),
              p.getValue("h") == null ? null : fraction(p, "h", i, false)));
    }
    office
        .registry()
        .db()
        .transaction(
            c -> {
              office.registry().store().replacePlaces(c, site, floor, places);
              return null;
            })
        .onSuccess(x -> Json.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private static double fraction(JsonObject p, String f, int i, boolean required) {
    Object v = p.getValue(f);
    if (!(v instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 1) {
      throw Problem.validation("[" + i + "]." + f, f + " is a number 0..1 (fraction of the plan)");
    }
    return n.doubleValue();
  }

  private void getPlaces(RoutingContext ctx) {
    AuthHandler.caller(ctx);
    String site = ctx.pathParam("site");
    String floor = ctx.pathParam("floor");
    office
        .registry()
        .db()
        .read(c -> office.registry().store().places(c, site, floor))
        .onSuccess(
            l ->
                Json.ok(
                    ctx,
                    new JsonArray(
                        l.stream()
                            .map(
                                p ->
                                    new JsonObject()
                                        .put("kind", p.kind())
                                        .put("name", p.name())
                                        .put("x", p.x())
                                        .put("y", p.y())
                                        .put("w", p.w())
                                        .put("h", p.h()))
                            .toList())))
        .onFailure(ctx::fail);
  }

  private void alerts(RoutingContext ctx) {
    facilities(ctx);
    String state = ctx.queryParams().get("state");
    if (state != null && !state.equals("open") && !state.equals("all")) {
      throw Problem.validation("state", "state is open or all");
    }
    boolean openOnly = !"all".equals(state);
    office
        .registry()
        .db()
        .read(c -> office.alerts().store().list(c, openOnly, 1000))
        .onSuccess(l -> Json.ok(ctx, new JsonArray(l)))
        .onFailure(ctx::fail);
  }

  private void ack(RoutingContext ctx) {
    Caller caller = facilities(ctx);
    long id = Json.pathId(ctx, "id");
    office
        .alerts()
        .acknowledge(id, caller.login())
        .onSuccess(
            a -> {
              if (a.isEmpty()) {
                ctx.fail(Problem.notFound("Alert"));
              } else {
                Json.ok(ctx, a.get());
              }
            })
        .onFailure(ctx::fail);
  }
}
