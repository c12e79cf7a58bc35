package jp.kaigi.office.feed;

import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import jp.kaigi.auth.AuthHandler;
import jp.kaigi.auth.Caller;
import jp.kaigi.auth.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ws/office}: the live feed for facilities dashboards until the sync gateway's {@code /ws}
 * carries it. Authenticated like the API (bearer header or session cookie; with the cookie the
 * Origin must be this host). Frames, JSON text:
 *
 * <ul>
 *   <li>client → {@code {"type":"subscribe","site":"dx","floor":"3F"}} (floor optional)
 *   <li>server → {@code {"type":"snapshot","devices":[...]}} once, then {@code
 *       {"type":"update","devices":[...]}} at most {@code maxRate} per second (coalesced: the
 *       latest state of each changed device), {@code {"type":"alert","alert":{...}}}, and {@code
 *       {"type":"error","code":...,"message":...}} for anything malformed
 * </ul>
 */
public final class OfficeFeedSocket {
  private static final Logger LOG = LoggerFactory.getLogger(OfficeFeedSocket.class);

  private final BiFunction<String, Boolean, Future<java.util.Optional<Caller>>> resolve;
  private final OfficeFeed feed;
  private final Function<JsonObject, Future<List<JsonObject>>> snapshot;
  private final int maxRate;

  /**
   * @param snapshot given {site, floor}, the current states to send first
   */
  public OfficeFeedSocket(
      BiFunction<String, Boolean, Future<java.util.Optional<Caller>>> resolve,
      OfficeFeed feed,
      Function<JsonObject, Future<List<JsonObject>>> snapshot,
      int maxRate) {
    this.resolve = resolve;
    this.feed = feed;
    this.snapshot = snapshot;
    this.maxRate = maxRate;
  }

  public void handle(RoutingContext ctx) {
    String token = AuthHandler.token(ctx);
    String auth = ctx.request().getHeader("Authorization");
    boolean viaCookie = auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7);
    if (token == null || token.isEmpty()) {
      ctx.response().setStatusCode(401).end();
      return;
    }
    if (viaCookie && !sameOrigin(ctx)) {
      ctx.response().setStatusCode(403).end();
      return;
    }
    ctx.request().pause();
    resolve
        .apply(token, viaCookie)
        .onComplete(
            ar -> {
              ctx.request().resume();
              if (ar.failed() || ar.result().isEmpty()) {
                ctx.response().setStatusCode(401).end();
                return;
              }
              Caller caller = ar.result().get();
              if (!caller.hasAny(Role.FACILITIES, Role.ADMIN)) {
                ctx.response().setStatusCode(403).end();
                return;
              }
              ctx.request()
                  .toWebSocket()
                  .onSuccess(ws -> new Session(ws, caller))
                  .onFailure(
                      e -> LOG.debug("event=office.ws.upgrade_failed error={}", e.toString()));
            });
  }

  private static boolean sameOrigin(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    String host = ctx.request().getHeader("Host");
    if (origin == null) {
      return true; // not a browser: nothing cross-site to guard against
    }
    return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
  }

  private final class Session {
    private final ServerWebSocket ws;
    private final Map<String, JsonObject> pending = new LinkedHashMap<>();
    private final List<OfficeFeed.Subscription> subs = new ArrayList<>();
    private long timer = -1;

    Session(ServerWebSocket ws, Caller caller) {
      this.ws = ws;
      LOG.info("event=office.ws.open login={}", caller.login());
      subs.add(feed.alerts(a -> send(new JsonObject().put("type", "alert").put("alert", a))));
      ws.textMessageHandler(this::onText);
      ws.binaryMessageHandler(b -> error("binary", "frames are JSON text"));
      ws.closeHandler(v -> close());
      ws.exceptionHandler(e -> close());
      long period = Math.max(20, 1000 / maxRate);
      timer = io.vertx.core.Vertx.currentContext().owner().setPeriodic(period, id -> flush());
    }

    private void onText(String text) {
      JsonObject msg;
      try {
        msg = new JsonObject(text);
      } catch (RuntimeException e) {
        error("malformed", "a frame is a JSON object");
        return;
      }
      String type = msg.getValue("type") instanceof String s ? s : null;
      if (!"subscribe".equals(type)) {
        error("unknown-type", "known types: subscribe");
        return;
      }
      Object site = msg.getValue("site");
      Object floor = msg.getValue("floor");
      if (!(site instanceof String s)
          || s.isBlank()
          || (floor != null && !(floor instanceof String))) {
        error("validation", "subscribe needs site (string) and optionally floor (string)");
        return;
      }
      String fl = (String) floor;
      subs.add(
          feed.subscribe(
              s,
              fl,
              states -> {
                for (int i = 0; i < states.size(); i++) {
                  JsonObject st = states.getJsonObject(i);
                  pending.put(st.getString("id"), st);
                }
              }));
      snapshot
          .apply(new JsonObject().put("site", s).put("floor", fl))
          .onSuccess(
              list ->
                  send(
                      new JsonObject()
                          .put("type", "snapshot")
                          .put("site", s)
                          .put("floor", fl)
                          .put("devices", new JsonArray(list))))
          .onFailure(e -> error("unavailable", "state is not available right now"));
    }

    private void flush() {
      if (pending.isEmpty() || ws.isClosed()) {
        return;
      }
      if (ws.writeQueueFull()) {
        return; // a slow client gets fewer, fuller updates
      }
      JsonArray list = new JsonArray(new ArrayList<>(pending.values()));
      pending.clear();
      send(new JsonObject().put("type", "update").put("devices", list));
    }

    private void error(String code, String message) {
      send(new JsonObject().put("type", "error").put("code", code).put("message", message));
    }

    private void send(JsonObject o) {
      if (!ws.isClosed()) {
        ws.writeTextMessage(o.encode());
      }
    }

    private void close() {
      subs.forEach(OfficeFeed.Subscription::cancel);
      subs.clear();
      if (timer >= 0) {
        io.vertx.core.Vertx.currentContext().owner().cancelTimer(timer);
        timer = -1;
      }
    }
  }
}
