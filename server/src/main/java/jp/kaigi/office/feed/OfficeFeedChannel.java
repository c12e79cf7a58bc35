package jp.kaigi.office.feed;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import jp.kaigi.auth.Caller;
import jp.kaigi.auth.Role;
import jp.kaigi.office.analytics.AnalyticsService;
import jp.kaigi.sync.GatewayClient;
import jp.kaigi.sync.GatewayExtension;
import jp.kaigi.sync.SyncError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live office feed on the gateway {@code /ws}, message types {@code office.*} (docs/ws.md,
 * "Office feed"):
 *
 * <ul>
 *   <li>client → {@code office.subscribe {site, floor?, view?}}, {@code office.unsubscribe {site,
 *       floor?}}
 *   <li>server → {@code office.snapshot} once per subscribe, then {@code office.update} at most
 *       {@code maxRate} times per second per connection (each changed device's latest state once),
 *       {@code office.alert} (full view), {@code office.unsubscribed}
 * </ul>
 *
 * <p>View {@code full} (states with readings, and alerts) is for facilities and admins; anyone
 * logged in may take view {@code desks}: desk id, place and {@code free|occupied|offline}, like
 * {@code GET /api/v1/office/desks}.
 */
public final class OfficeFeedChannel implements GatewayExtension {
  private static final Logger LOG = LoggerFactory.getLogger(OfficeFeedChannel.class);
  public static final String PREFIX = "office";
  static final int MAX_SUBSCRIPTIONS = 16;
  static final int MAX_NAME = 64;

  /** What a subscriber sees. */
  enum View {
    FULL,
    DESKS;

    String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final OfficeFeed feed;
  private final Function<Scope, Future<List<JsonObject>>> snapshot;
  private final long periodMs;

  /** A subscribed site, or one floor of it (floor null). */
  public record Scope(String site, String floor) {}

  /**
   * @param snapshot every current device state in a scope (sent first on subscribe)
   * @param maxRate update frames per second per connection, at most
   */
  public OfficeFeedChannel(
      OfficeFeed feed, Function<Scope, Future<List<JsonObject>>> snapshot, int maxRate) {
    this.feed = feed;
    this.snapshot = snapshot;
    this.periodMs = Math.max(20, 1000 / maxRate);
  }

  @Override
  public String prefix() {
    return PREFIX;
  }

  @Override
  public Session open(GatewayClient client) {
    return new FeedSession(client);
  }

  /** The desks view of a state: no readings beyond whether the desk is taken. */
  static JsonObject deskView(JsonObject s) {
    return new JsonObject()
        .put("deviceId", s.getString("id"))
        .put("site", s.getString("site"))
        .put("floor", s.getString("floor"))
        .put("zone", s.getString("zone"))
        .put("desk", s.getString("desk"))
        .put("status", AnalyticsService.deskStatus(s));
  }

  private final class FeedSession implements Session {
    private final GatewayClient client;
    private final Map<Scope, OfficeFeed.Subscription> subs = new LinkedHashMap<>();
    private final Map<String, JsonObject> pending = new LinkedHashMap<>();
    private View view;
    private OfficeFeed.Subscription alerts;
    private long timer = -1;

    /** Snapshots still being read: updates wait, so none is overtaken by an older snapshot. */
    private int loading;

    FeedSession(GatewayClient client) {
      this.client = client;
    }

    @Override
    public Future<Void> handle(String type, JsonObject msg) {
      return switch (type) {
        case "office.subscribe" -> subscribe(msg);
        case "office.unsubscribe" -> unsubscribe(msg);
        default ->
            throw new SyncError(
                SyncError.UNKNOWN_TYPE, "known office types: office.subscribe, office.unsubscribe");
      };
    }

    private Future<Void> subscribe(JsonObject msg) {
      Scope scope = scope(msg);
      View wanted = view(msg);
      Caller caller = client.caller();
      if (wanted == View.FULL && !caller.hasAny(Role.FACILITIES, Role.ADMIN)) {
        throw new SyncError(
            SyncError.FORBIDDEN,
            "the full office feed is for facilities staff; others may subscribe with view \"desks\"");
      }
      if (view != null && view != wanted && !subs.isEmpty()) {
        throw new SyncError(
            SyncError.INVALID,
            "this connection follows view \"" + view.wire() + "\"; unsubscribe first");
      }
      if (!subs.containsKey(scope) && subs.size() >= MAX_SUBSCRIPTIONS) {
        throw new SyncError(
            SyncError.INVALID,
            "at most " + MAX_SUBSCRIPTIONS + " office subscriptions per connection");
      }
      view = wanted;
      subs.computeIfAbsent(scope, s -> feed.subscribe(s.site(), s.floor(), this::changed));
      if (view == View.FULL && alerts == null) {
        alerts =
            feed.alerts(
                a -> client.send(new JsonObject().put("type", "office.alert").put("alert", a)));
      }
      if (timer < 0) {
        timer = client.context().owner().setPeriodic(periodMs, id -> flush());
      }
      View v = view;
      loading++;
      return snapshot
          .apply(scope)
          .onComplete(ar -> loading--)
          .recover(
              e -> {
                LOG.warn("event=office.feed.snapshot_failed error={}", e.toString());
                return Future.failedFuture(
                    new SyncError(
                        SyncError.BUSY, "office state is not available right now; retry"));
              })
          .map(
              states -> {
                JsonArray devices = new JsonArray();
                for (JsonObject s : states) {
                  if (v == View.FULL) {
                    devices.add(s);
                  } else if ("desk".equals(s.getString("type"))) {
                    devices.add(deskView(s));
                  }
                }
                client.send(
                    new JsonObject()
                        .put("type", "office.snapshot")
                        .put("site", scope.site())
                        .put("floor", scope.floor())
                        .put("view", v.wire())
                        .put("devices", devices));
                return null;
              });
    }

    private Future<Void> unsubscribe(JsonObject msg) {
      Scope scope = scope(msg);
      OfficeFeed.Subscription s = subs.remove(scope);
      if (s == null) {
        throw new SyncError(SyncError.INVALID, "not subscribed to that site and floor");
      }
      s.cancel();
      if (subs.isEmpty()) {
        release();
      }
      client.send(
          new JsonObject()
              .put("type", "office.unsubscribed")
              .put("site", scope.site())
              .put("floor", scope.floor()));
      return Future.succeededFuture();
    }

    private void changed(JsonArray states) {
      for (int i = 0; i < states.size(); i++) {
        JsonObject s = states.getJsonObject(i);
        if (view == View.DESKS) {
          if ("desk".equals(s.getString("type"))) {
            pending.put(s.getString("id"), deskView(s));
          }
        } else {
          pending.put(s.getString("id"), s);
        }
      }
    }

    private void flush() {
      if (pending.isEmpty() || loading > 0 || client.backedUp()) {
        return; // a slow client gets fewer, fuller updates
      }
      JsonArray devices = new JsonArray(new ArrayList<>(pending.values()));
      pending.clear();
      client.send(new JsonObject().put("type", "office.update").put("devices", devices));
    }

    private void release() {
      subs.values().forEach(OfficeFeed.Subscription::cancel);
      subs.clear();
      pending.clear();
      if (alerts != null) {
        alerts.cancel();
        alerts = null;
      }
      if (timer >= 0) {
        client.context().owner().cancelTimer(timer);
        timer = -1;
      }
    }

    @Override
    public void closed() {
      release();
    }
  }

  private static Scope scope(JsonObject msg) {
    Object site = msg.getValue("site");
    Object floor = msg.getValue("floor");
    if (!(site instanceof String s) || s.isBlank() || s.length() > MAX_NAME) {
      throw new SyncError(SyncError.INVALID, "\"site\" must be a non-empty string");
    }
    if (floor != null && (!(floor instanceof String f) || f.isBlank() || f.length() > MAX_NAME)) {
      throw new SyncError(SyncError.INVALID, "\"floor\" must be a non-empty string or absent");
    }
    return new Scope(s, (String) floor);
  }

  private static View view(JsonObject msg) {
    Object v = msg.getValue("view");
    if (v == null || Objects.equals(v, "full")) {
      return View.FULL;
    }
    if (Objects.equals(v, "desks")) {
      return View.DESKS;
    }
    throw new SyncError(SyncError.INVALID, "\"view\" is \"full\" or \"desks\"");
  }
}
