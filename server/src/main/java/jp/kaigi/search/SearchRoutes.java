package jp.kaigi.search;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import jp.kaigi.auth.AuthHandler;
import jp.kaigi.http.Json;
import jp.kaigi.http.Problem;
import jp.kaigi.http.RouteContributor;

/**
 * {@code GET /api/v1/search?q=&meeting=&from=&to=&page=&size=}: (document, page) hits with
 * snippets. {@code from}/{@code to} are dates (meeting day, Japan time, both inclusive).
 */
public final class SearchRoutes implements RouteContributor {
  static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  static final int MAX_PAGE = 50;

  private final SearchService search;

  public SearchRoutes(SearchService search) {
    this.search = search;
  }

  @Override
  public void mount(Router api, Router root) {
    api.get("/search").handler(this::search);
  }

  private void search(RoutingContext ctx) {
    String q = ctx.request().getParam("q");
    if (q == null || q.isBlank()) {
      throw Problem.validation("q", "q (the words to search for) is required");
    }
    if (q.length() > 500) {
      throw Problem.validation("q", "q is longer than 500 characters");
    }
    Long meeting = optionalLong(ctx, "meeting");
    LocalDate from = date(ctx, "from");
    LocalDate to = date(ctx, "to");
    int page = (int) number(ctx, "page", 1, 1, MAX_PAGE);
    int size = (int) number(ctx, "size", 20, 1, 100);
    DocumentIndex.Query query =
        new DocumentIndex.Query(
            q,
            meeting,
            from == null ? null : from.atStartOfDay(JAPAN).toInstant().toEpochMilli(),
            to == null ? null : to.plusDays(1).atStartOfDay(JAPAN).toInstant().toEpochMilli(),
            (page - 1) * size,
            size);
    search
        .search(AuthHandler.caller(ctx), query)
        .onSuccess(
            r -> {
              JsonArray hits = new JsonArray();
              for (DocumentIndex.Hit h : r.hits()) {
                hits.add(
                    new JsonObject()
                        .put("meetingId", h.meetingId())
                        .put("documentId", h.documentId())
                        .put("version", h.version())
                        .put("page", h.page())
                        .put("title", h.title())
                        .put("snippet", h.snippet())
                        .put("score", h.score())
                        .put(
                            "fileUrl",
                            "/api/v1/documents/"
                                + h.documentId()
                                + "/versions/"
                                + h.version()
                                + "/file#page="
                                + h.page()));
              }
              Json.ok(
                  ctx,
                  new JsonObject()
                      .put("q", q)
                      .put("total", r.total())
                      .put("totalExact", r.totalExact())
                      .put("page", page)
                      .put("size", size)
                      .put("hits", hits));
            })
        .onFailure(ctx::fail);
  }

  private static Long optionalLong(RoutingContext ctx, String name) {
    String raw = ctx.request().getParam(name);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    return number(ctx, name, 0, 1, Long.MAX_VALUE);
  }

  private static long number(RoutingContext ctx, String name, long fallback, long min, long max) {
    String raw = ctx.request().getParam(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      long v = Long.parseLong(raw.strip());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw Problem.validation(name, name + " must be a whole number from " + min + " to " + max);
  }

  private static LocalDate date(RoutingContext ctx, String name) {
    String raw = ctx.request().getParam(name);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(raw.strip());
    } catch (DateTimeParseException e) {
      throw Problem.validation(name, name + " must be a date like 2026-12-01");
    }
  }
}
